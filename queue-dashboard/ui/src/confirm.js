import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * A modal confirmation (native <dialog>: focus moves into it, Escape cancels, focus returns).
 * ask: { title, text, action, danger } or null.
 */
export function Confirm({ ask, onDone }) {
  const dlg = useRef(null);
  useEffect(() => {
    const d = dlg.current;
    if (ask && !d.open) d.showModal();
    if (!ask && d.open) d.close();
  }, [ask]);
  return html`<dialog ref=${dlg} class="confirm" aria-labelledby="confirm-title"
      onClose=${() => ask && onDone(false)}>
    <form method="dialog" onSubmit=${(e) => { e.preventDefault(); onDone(true); }}>
      <h2 id="confirm-title">${ask ? ask.title : ''}</h2>
      <p>${ask ? ask.text : ''}</p>
      <div class="actions">
        <button type="button" onClick=${() => onDone(false)}>Cancel</button>
        <button type="submit" class=${ask && ask.danger ? 'danger' : 'primary'} autofocus>
          ${ask ? ask.action : 'OK'}</button>
      </div>
    </form>
  </dialog>`;
}
