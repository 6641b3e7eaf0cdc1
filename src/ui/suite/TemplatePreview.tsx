/** Sample examples rendered through the template being edited: the rendered input, target and options. */
import type { Example, Rendered, Template } from '../../core/tasks/types';

interface Props {
  examples: Example[];
  template: Template;
  valid: boolean;
  renderFn: (example: Example, template: Template) => Rendered;
}

export function TemplatePreview({ examples, template, valid, renderFn }: Props) {
  if (!valid)
    return (
      <p className="muted" data-testid="template-preview">
        Fix the template to see a preview.
      </p>
    );
  return (
    <div className="template-preview" data-testid="template-preview" aria-live="polite">
      <h3>Preview on real examples</h3>
      {examples.map((ex) => {
        let rendered: Rendered | null = null;
        let problem = '';
        try {
          rendered = renderFn(ex, template);
        } catch (e) {
          problem = e instanceof Error ? e.message : String(e);
        }
        return (
          <article key={ex.key} className="example" data-testid="preview-example">
            {rendered ? (
              <>
                <pre className="rendered-input" data-testid="preview-input">
                  {rendered.input}
                </pre>
                <p>
                  <span className="muted">Target:</span> <strong data-testid="preview-target">{rendered.target}</strong>
                  {rendered.options && <span className="muted"> · options: {rendered.options.join(' | ')}</span>}
                </p>
              </>
            ) : (
              <p className="error">{problem}</p>
            )}
          </article>
        );
      })}
    </div>
  );
}
