/** A TCP port on 127.0.0.1 that was free a moment ago (for servers that cannot listen on port 0). */
import net, { type AddressInfo } from "node:net";

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}
