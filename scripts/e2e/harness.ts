import { baseCtx, type BaseCtx, type Check as AnyCheck } from '../lib/checks-harness';
import { portForward, type PortForward } from '../lib/port-forward';

export {
  CheckFailure,
  CheckSkipped,
  expect,
  freePort,
  numberedTable as formatTable,
  runChecks,
  sleep,
  until,
  type CheckResult,
} from '../lib/checks-harness';

/** e2e:cluster's context: the shared one, plus the app's port and a way to open it. */
export interface Ctx extends BaseCtx {
  /** The local port the app is opened on (TODO_APP_PORT): the origin the deploy trusts. */
  port: number;
  /** The busybox image the test cluster imported (throwaway pods). */
  busybox: string;
  /** A port-forward to the web app on `port`, as the README tells users to open it. */
  forward(): Promise<PortForward>;
}

/** A numbered check of issue 14's list. */
export type Check = AnyCheck<Ctx> & { n: number };

export function makeCtx(o: Omit<Ctx, 'sh' | 'must' | 'k' | 'waitFor' | 'forward' | 'state'>): Ctx {
  return {
    ...baseCtx(o),
    forward: () =>
      portForward({
        kubectl: o.kubectl,
        // The test cluster's, also when the caller's shell has no KUBECONFIG.
        kubeconfig: o.env.KUBECONFIG,
        context: 'todo-ci',
        namespace: 'todo-frontend',
        service: 'todo-frontend',
        localPort: o.port,
        remotePort: 80,
      }),
  };
}
