#!/usr/bin/env python3
"""A bulk TCP transfer with a chosen congestion control, measuring goodput at the receiver.

  tcp_bulk.py server BIND_ADDR PORT SECONDS   prints the goodput (Mbit/s) of the first
                                              SECONDS after the connection was accepted
  tcp_bulk.py client ADDR PORT CC             sends zeros as fast as TCP allows with
                                              congestion control CC until the server closes

The receiver's count covers the whole connection from its start (slow start included), as
sctp_bench's BM_SctpGoodputLossy counts from the association's establishment.
"""
import socket
import sys
import time


def server(bind, port, seconds):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((bind, port))
    ls.listen(1)
    print("listening", flush=True)
    conn, _ = ls.accept()
    start = time.monotonic()
    end = start + seconds
    received = 0
    conn.settimeout(0.2)
    while True:
        now = time.monotonic()
        if now >= end:
            break
        try:
            data = conn.recv(1 << 20)
        except socket.timeout:
            continue
        if not data:
            break
        received += len(data)
    elapsed = min(time.monotonic(), end) - start
    conn.close()
    ls.close()
    print(f"{received * 8 / elapsed / 1e6:.3f}")


def client(addr, port, cc):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, cc.encode())
    for _ in range(50):
        try:
            s.connect((addr, port))
            break
        except (ConnectionRefusedError, OSError):
            time.sleep(0.1)
    assert s.getsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, 16).rstrip(b"\0") == cc.encode()
    block = bytes(1 << 16)
    try:
        while True:
            s.sendall(block)
    except (BrokenPipeError, ConnectionResetError):
        pass
    s.close()


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
    else:
        client(sys.argv[2], int(sys.argv[3]), sys.argv[4])
