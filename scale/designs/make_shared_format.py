"""Writes scale/designs/shared-format.json (python3 scale/designs/make_shared_format.py): one text/question frame, in four
wordings, for every classification and QA-like dataset, so that held-out clusters share their prompt format (and, for the
yes/no datasets, the claim frame "Is it true that <claim>" and the yes/no options) with tuned ones. Option lists are the
datasets' own (a template cannot change them); struct-to-text, translation, summarization and fix_punctuation keep the
built-in templates."""
import json
import os

WITH_TEXT = [
    "{T}\n\n{Q}",
    "Text: {T}\nQuestion: {Q}",
    "Read the text and answer the question.\n\n{T}\n\n{Q}",
    "Answer the question about the text.\nText: {T}\nQuestion: {Q}",
]
NO_TEXT = [
    "{Q}",
    "Question: {Q}",
    "Answer the question.\n\n{Q}",
    "Answer the question.\nQuestion: {Q}",
]
TRUE = "Is it true that "
# dataset -> (kind, text or None, question)
D = {
    # nli (held out in the probe; evaluated with these frames)
    "snli_like": ("c", "{premise}", TRUE + "{hypothesis}"),
    "rte_like": ("c", "{premise}", TRUE + "{hypothesis}"),
    "cb_like": ("c", "{premise}", TRUE + "{hypothesis}"),
    "anli_like": ("c", "{premise}", TRUE + "{hypothesis}"),
    "qnli_like": ("c", "{sentence}", TRUE + 'the text answers the question "{question}".'),
    # paraphrase (excluded with nli; covered for other held-out clusters)
    "mrpc_like": ("c", "{sentence1}", TRUE + 'the text means the same as "{sentence2}".'),
    "paws_like": ("c", "{sentence1}", TRUE + 'the text means the same as "{sentence2}".'),
    "qqp_like": ("c", "{question1}", TRUE + 'the text asks the same as "{question2}".'),
    "stsb_like": ("c", "{sentence1}\n{sentence2}", "How similar are the two sentences, from 0 to 5?"),
    # reading comprehension
    "boolq_like": ("c", "{passage}", "{question}"),
    "multirc_like": ("c", "{passage}", TRUE + 'the answer to "{question}" is {response}.'),
    "squad_like": ("g", "{passage}", "{question}"),
    "drop_like": ("g", "{passage}", "{question}"),
    # reading comprehension with commonsense
    "cosmos_like": ("c", "{context}", "{question}"),
    "cosmos_why_like": ("c", "{context}", "{question}"),
    "record_like": ("c", "{passage}", 'Who is @placeholder in "{query}"?'),
    # closed-book QA
    "triviaqa_like": ("g", None, "{question}"),
    "nq_like": ("g", None, "{question}?"),
    "arc_like": ("c", None, "{question}"),
    "fact_check_like": ("c", None, TRUE + "{statement}"),
    # commonsense
    "copa_like": ("c", "{premise}", "What was the {question}?"),
    "piqa_like": ("c", None, "{goal}"),
    "hellaswag_like": ("c", "{context}", "What happens next?"),
    "story_cloze_like": ("c", "{story}", "What is the end of the story?"),
    # coreference
    "wsc_like": ("c", "{sentence}", 'Who does "{pronoun}" refer to?'),
    "winogrande_like": ("c", "{sentence}", "What should fill the _?"),
    "dpr_like": ("c", "{sentence}", TRUE + '"{pronoun}" refers to {candidate}.'),
    # sentiment
    "sst2_like": ("c", "{sentence}", "Is the text positive or negative?"),
    "imdb_like": ("c", "{review}", "Is the text positive or negative?"),
    "yelp_like": ("c", "{review}", "Is the text positive or negative?"),
    # misc (question-shaped ones)
    "trec_like": ("c", "{question}", "What type of thing does the text ask for?"),
    "cola_like": ("c", "{sentence}", "Is the text acceptable English?"),
    "math_like": ("g", None, "{question}"),
    "counting_like": ("g", "{words}", "How many of these are {category}?"),
}

out = []
for name, (kind, text, q) in D.items():
    frames = WITH_TEXT if text else NO_TEXT
    for i, f in enumerate(frames, 1):
        body = f.replace("{T}", text or "").replace("{Q}", q)
        if kind == "c":
            body += "\n\n{options_}"
        out.append({"id": f"{name}_sf{i}", "dataset": name, "input": body, "target": "{answer}"})

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "shared-format.json"), "w") as fh:
    fh.write("[\n" + ",\n".join("  " + json.dumps(t) for t in out) + "\n]\n")
print(len(out), "templates for", len(D), "datasets")
