/**
 * Which base models are available: shipped with the lab (models/manifest.json) or uploaded by the
 * user (IndexedDB). An upload is validated in the worker (loadCheckpoint) before it is stored, and
 * then replaces the shipped model of the size its shape matches.
 */
import { useEffect, useState } from 'react';
import { ManifestSchema, type Manifest } from '../../core/experiments/base-models';
import { getEngine } from '../engineClient';
import { labDb, type StoredCheckpoint } from '../../browser/db';
import { download } from '../results/exporters';

export function ShippedModels() {
  const [manifest, setManifest] = useState<Manifest | null>(null);
  const [uploads, setUploads] = useState<StoredCheckpoint[]>([]);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const refreshUploads = () => void labDb.listCheckpoints().then(setUploads, () => setUploads([]));
  useEffect(() => {
    fetch(`${import.meta.env.BASE_URL}models/manifest.json`)
      .then((r) => r.json())
      .then((j) => setManifest(ManifestSchema.parse(j)))
      .catch(() => setManifest(null));
    refreshUploads();
  }, []);

  const onUpload = async (file: File | undefined) => {
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const check = await getEngine().checkCheckpoint(bytes);
    if (!check.ok || !check.size) return setMessage({ error: true, text: `${file.name}: ${check.error ?? 'not a TinyFLAN checkpoint'}` });
    try {
      await labDb.saveCheckpoint({ size: check.size, name: file.name, bytes, params: check.params ?? 0, uploadedAt: Date.now() });
      setMessage({ error: false, text: `${file.name} is now the ${check.size} base model.` });
      refreshUploads();
    } catch (e) {
      setMessage({ error: true, text: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <details className="models">
      <summary>
        Base models ({manifest ? manifest.models.map((m) => m.size).join(', ') : 'loading…'} shipped{uploads.length ? `, ${uploads.length} uploaded` : ''})
      </summary>
      <ul>
        {manifest?.models.map((m) => (
          <li key={m.size}>
            {m.size}: {(m.params / 1000).toFixed(0)}K params, pretrained on world v{m.worldVersion}, validation loss {m.validationLoss.toFixed(2)} (on that
            world&apos;s text)
          </li>
        ))}
        {uploads.map((u) => (
          <li key={u.size}>
            {u.size}: uploaded {u.name}{' '}
            <button type="button" onClick={() => download(u.name, new Blob([u.bytes as BlobPart], { type: 'application/octet-stream' }))}>
              Download
            </button>{' '}
            <button type="button" onClick={() => void labDb.deleteCheckpoint(u.size).then(refreshUploads)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <label className="upload">
        Upload a checkpoint (.safetensors){' '}
        <input type="file" accept=".safetensors" data-testid="checkpoint-upload" onChange={(e) => void onUpload(e.target.files?.[0])} />
      </label>
      {message && (
        <p className={message.error ? 'error' : 'hint'} role={message.error ? 'alert' : 'status'} data-testid="checkpoint-message">
          {message.text}
        </p>
      )}
    </details>
  );
}
