import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PanelShell, Simulating } from './PanelShell';

describe('PanelShell', () => {
  it('renders the shared panel frame: section labelled by its heading, intro, actions, body', () => {
    const html = renderToStaticMarkup(
      <PanelShell
        name="metrics"
        title="Metrics"
        intro="Counted up to the cursor."
        actions={<button type="button">Clear</button>}
        wide
        className="extra"
        testId="metrics-panel"
        data-kind="req"
      >
        <Simulating />
      </PanelShell>,
    );
    expect(html).toBe(
      '<section class="panel panel-wide extra" aria-labelledby="metrics-heading" data-testid="metrics-panel" data-kind="req">' +
        '<div class="panel-head"><h2 id="metrics-heading">Metrics</h2><p class="muted small">Counted up to the cursor.</p>' +
        '<button type="button">Clear</button></div><p class="muted">Simulating…</p></section>',
    );
  });

  it('leaves out the intro and panel-wide when not asked for', () => {
    const html = renderToStaticMarkup(<PanelShell name="log" title="Event log" testId="log-panel" />);
    expect(html).toBe(
      '<section class="panel" aria-labelledby="log-heading" data-testid="log-panel"><div class="panel-head"><h2 id="log-heading">Event log</h2></div></section>',
    );
  });
});
