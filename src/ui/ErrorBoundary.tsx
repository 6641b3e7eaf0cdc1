/**
 * Keeps a render error in one panel from blanking the whole page: it shows what went wrong and a
 * button to try again. (Errors inside training arrive as events, not here.)
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** Names the region in the fallback message. */
  label: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    // Logged as a warning: the boundary handled it, and the page is still usable.
    console.warn(`[${this.props.label}] render error`, error, info.componentStack);
  }

  render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="panel error-fallback" data-testid="error-boundary">
        <h2>Something went wrong in {this.props.label}</h2>
        <p>{this.state.error.message}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
