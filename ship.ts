/**
 * `logrotor/ship`: durable shipping of log files to a collector with a
 * persisted cursor (see the README's "Durable shipping").
 *
 * @example Usage
 * ```ts
 * import { createRelpSink } from "logrotor";
 * import { createFileShipper } from "logrotor/ship";
 *
 * const shipper = createFileShipper({
 *   path: "/var/log/app/app.log",
 *   state: "/var/log/app/.app.ship",
 *   sink: createRelpSink({ host: "127.0.0.1", port: 2514 }),
 * });
 * await shipper.start();
 * await shipper.stop();
 * ```
 *
 * @module
 */
export { createFileShipper, FileShipper } from "./src/network/file_shipper.ts";
export type {
  FileShipperOptions,
  ShipperSink,
} from "./src/network/file_shipper_options.ts";
export type { FileShipperStats } from "./src/network/file_shipper_stats.ts";
