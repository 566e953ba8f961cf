import { Alert } from 'antd';
import { Component, type ReactNode } from 'react';

interface State {
  error: Error | undefined;
}

/** Keeps a draft the renderer chokes on from taking the builder down; retries when `resetKey` changes. */
export class RenderBoundary extends Component<
  { resetKey: string; message: (error: Error) => string; children: ReactNode },
  State
> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidUpdate(previous: { resetKey: string }) {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: undefined });
  }

  override render() {
    if (this.state.error) return <Alert type="error" showIcon title={this.props.message(this.state.error)} />;
    return this.props.children;
  }
}
