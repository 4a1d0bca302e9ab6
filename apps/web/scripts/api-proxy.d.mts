import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export declare const HOP_BY_HOP: Set<string>;
export declare function routeLabel(pathname: string): string;
export declare function isApiPath(url: string): boolean;
export declare function clientAddress(socket: Socket): string;
export interface ProxyLabels {
  method: string;
  route: string;
  status_class: string;
}
export declare function createApiProxy(o: {
  apiUrl: string;
  observe?: (labels: ProxyLabels, seconds: number) => void;
}): (req: IncomingMessage, res: ServerResponse) => void;
