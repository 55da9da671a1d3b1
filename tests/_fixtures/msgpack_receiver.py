"""A femtologging-style socket receiver for the socket sink's interop tests.

Listens on 127.0.0.1 (an ephemeral port) or on a Unix socket path, reads
frames (a 4-byte big-endian length, then a MessagePack map), decodes each
with Python's own msgpack library and appends one JSON line per record to
the output file. Prints "listening <port|path>" once ready, and
"closed <n>" after each connection ends (n = records so far). Serves
connections one after another until killed.

usage: msgpack_receiver.py OUT.jsonl [tcp | unix PATH]
"""
import json
import os
import socket
import struct
import sys

import msgpack


def main() -> None:
    out_path = sys.argv[1]
    mode = sys.argv[2] if len(sys.argv) > 2 else "tcp"
    if mode == "unix":
        path = sys.argv[3]
        if os.path.exists(path):
            os.unlink(path)
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(path)
        where = path
    else:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        port = int(sys.argv[3]) if len(sys.argv) > 3 else 0
        server.bind(("127.0.0.1", port))
        where = str(server.getsockname()[1])
    server.listen(16)
    print(f"listening {where}", flush=True)
    count = 0
    with open(out_path, "a", encoding="utf-8") as out:
        while True:
            conn, _ = server.accept()
            buf = b""
            with conn:
                while True:
                    chunk = conn.recv(1 << 16)
                    if not chunk:
                        break
                    buf += chunk
                    at = 0
                    while len(buf) - at >= 4:
                        (n,) = struct.unpack_from(">I", buf, at)
                        if len(buf) - at - 4 < n:
                            break
                        record = msgpack.unpackb(
                            buf[at + 4 : at + 4 + n], raw=False, strict_map_key=False
                        )
                        out.write(json.dumps(record, ensure_ascii=False) + "\n")
                        count += 1
                        at += 4 + n
                    buf = buf[at:]
            out.flush()
            print(f"closed {count} partial={len(buf)}", flush=True)


if __name__ == "__main__":
    main()
