/**
 * Error boundaries, one per panel: an exception while a panel renders (or in one of its store
 * subscriptions, through `useGuard`) replaces that panel with what failed and a "Reset panel"
 * button, instead of unmounting the whole page. The store is untouched, so the scenario, the
 * run, the cursor and the address bar stay as they were. A panel also comes back by itself when
 * another run is shown (`resetKey`): the failure may have belonged to the old one.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { FaultProbe } from './testFault';
import './boundary.css';

/** At most this much of an error message is shown (the console has the whole error). */
const MESSAGE_CHARS = 160;

export function shortMessage(error: unknown): string {
  const raw =
    error instanceof Error
      ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`
      : typeof error === 'string'
        ? error
        : 'an unknown error';
  const one = raw.replace(/\s+/g, ' ').trim() || 'an error without a message';
  return one.length > MESSAGE_CHARS ? `${one.slice(0, MESSAGE_CHARS - 1)}…` : one;
}

interface Props {
  /** Short id, used in test ids and the probe (`timeline`). */
  name: string;
  /** What the person calls it (`the timeline`). */
  label: string;
  /** A change of this value resets a failed panel (the run id). */
  resetKey?: unknown;
  /** `panel`: a bordered box in the panel grid; `inline`: inside another panel; `page`: the whole app. */
  variant?: 'panel' | 'inline' | 'page';
  /** In the panel grid: spans every column, as the panel it replaces does. */
  wide?: boolean;
  children: ReactNode;
}

interface State {
  error: unknown;
  failed: boolean;
  /** Bumped by a reset: the children are remounted from scratch. */
  generation: number;
}

export class PanelBoundary extends Component<Props, State> {
  override state: State = { error: null, failed: false, generation: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error, failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(
      `Race Window: ${this.props.label} failed and was replaced by a notice.`,
      error,
      info.componentStack,
    );
  }

  override componentDidUpdate(prev: Props): void {
    if (this.state.failed && prev.resetKey !== this.props.resetKey) this.reset();
  }

  reset = (): void => {
    this.setState((s) => ({ error: null, failed: false, generation: s.generation + 1 }));
  };

  override render(): ReactNode {
    const { name, label, variant = 'panel' } = this.props;
    if (!this.state.failed)
      return (
        <PanelContent key={this.state.generation} name={name}>
          {this.props.children}
        </PanelContent>
      );
    const page = variant === 'page';
    return (
      <div
        className={`panel-failed panel-failed-${variant}${variant === 'panel' ? ' panel' : ''}${this.props.wide ? ' panel-wide' : ''}`}
        role="alert"
        data-testid={`panel-error-${name}`}
      >
        <p className="panel-failed-title">
          <strong>
            {page ? 'Race Window stopped showing this page.' : `${capitalize(label)} could not be shown.`}
          </strong>
        </p>
        <p className="panel-failed-message" data-testid={`panel-error-message-${name}`}>
          {shortMessage(this.state.error)}
        </p>
        <p className="muted small">
          {page
            ? 'The link in the address bar still describes the scenario: reloading opens it again.'
            : 'The rest of the page still works; the scenario, the run and the link are unchanged.'}
        </p>
        {page ? (
          <button type="button" onClick={() => window.location.reload()} data-testid="page-reload">
            Reload the page
          </button>
        ) : (
          <button type="button" onClick={this.reset} data-testid={`panel-reset-${name}`}>
            Reset panel
          </button>
        )}
      </div>
    );
  }
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The panel's children, behind the test-build fault probe (nothing in other builds). */
function PanelContent({ name, children }: { name: string; children: ReactNode }) {
  return (
    <>
      <FaultProbe panel={name} />
      {children}
    </>
  );
}
