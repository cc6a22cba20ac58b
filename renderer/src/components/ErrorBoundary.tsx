import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** Rendered instead of the children after an error; gets a function that tries again. */
  fallback: (retry: () => void) => ReactNode;
  children: ReactNode;
}

/**
 * Catches render errors (a live query that failed because IndexedDB is unavailable or full) so one screen shows
 * a message and a retry instead of the whole window going blank.
 */
export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Shopcast: a screen failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback(() => this.setState({ failed: false })) : this.props.children;
  }
}
