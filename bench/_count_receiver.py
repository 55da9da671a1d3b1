"""A counting receiver for bench/socket_bench.ts: accepts one connection on
127.0.0.1, reads until EOF, then counts frames (no decoding, so the receiver
is not what is measured) and prints "bytes B frames F".

usage: _count_receiver.py length-prefix|octet-counting
"""
import socket
import struct
import sys

mode = sys.argv[1]
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(("127.0.0.1", 0))
server.listen(1)
print(f"listening {server.getsockname()[1]}", flush=True)
while True:
    conn, _ = server.accept()
    chunks = []
    with conn:
        while True:
            chunk = conn.recv(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    data = b"".join(chunks)
    frames = 0
    at = 0
    if mode == "length-prefix":
        while at + 4 <= len(data):
            (n,) = struct.unpack_from(">I", data, at)
            at += 4 + n
            frames += 1
    else:
        while at < len(data):
            space = data.index(b" ", at)
            at = space + 1 + int(data[at:space])
            frames += 1
    print(f"bytes {len(data)} frames {frames} complete {at == len(data)}", flush=True)
