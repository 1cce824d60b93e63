#!/usr/bin/env python3
"""A lossy, delayed, rate-limited point-to-point link between two TUN devices, in user space.

The same model as tests/support/sim_network.hpp (SimNetwork::send), per direction:
  1. the datagram is lost with probability LOSS (before the queue, like netem's loss);
  2. a FIFO bottleneck of RATE bit/s with a drop-tail queue of QUEUE bytes: the datagram
     leaves when the ones ahead of it are serialised (busy_until += size * 8 / RATE);
  3. then it travels for DELAY (one way) and is written into the other TUN device.

Why not `tc qdisc ... netem`: the kernel this runs on may be built without sch_netem (the
build machine's is); a TUN pair works wherever /dev/net/tun does, and being the very model of
the simulator it makes "the same conditions" literal.

Usage: link_emulator.py DEV_A DEV_B --delay-ms D --loss P --rate-bps R --queue-bytes Q
Creates both TUN devices (IFF_TUN | IFF_NO_PI) in the current network namespace, prints
"ready" once they exist (the caller moves them into their namespaces and addresses them),
and forwards until SIGTERM/SIGINT, then prints per-direction counters to stderr.
"""
import argparse
import fcntl
import heapq
import os
import random
import select
import signal
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000


def open_tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


class Direction:
    def __init__(self, name, out_fd, args, rng):
        self.name = name
        self.out_fd = out_fd
        self.delay = args.delay_ms / 1000.0
        self.loss = args.loss
        self.rate = args.rate_bps
        self.queue_bytes = args.queue_bytes
        self.rng = rng
        self.busy_until = 0.0
        self.sent = self.lost = self.queue_drops = self.delivered = 0

    def accept(self, now, packet, schedule):
        self.sent += 1
        if self.loss > 0 and self.rng.random() < self.loss:
            self.lost += 1
            return
        depart = now
        if self.rate > 0:
            if self.busy_until < now:
                self.busy_until = now
            backlog = (self.busy_until - now) * self.rate / 8
            if self.queue_bytes > 0 and backlog + len(packet) > self.queue_bytes:
                self.queue_drops += 1
                return
            self.busy_until += len(packet) * 8 / self.rate
            depart = self.busy_until
        schedule(depart + self.delay, self, packet)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dev_a")
    p.add_argument("dev_b")
    p.add_argument("--delay-ms", type=float, required=True, help="one-way delay")
    p.add_argument("--loss", type=float, default=0.0)
    p.add_argument("--rate-bps", type=float, default=0.0)
    p.add_argument("--queue-bytes", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()

    fd_a, fd_b = open_tun(args.dev_a), open_tun(args.dev_b)
    rng = random.Random(args.seed)
    a_to_b = Direction(f"{args.dev_a}->{args.dev_b}", fd_b, args, rng)
    b_to_a = Direction(f"{args.dev_b}->{args.dev_a}", fd_a, args, rng)
    inbound = {fd_a: a_to_b, fd_b: b_to_a}
    pending = []  # (due, seq, direction, packet): a FIFO per direction, as delays are equal
    seq = 0

    def schedule(due, direction, packet):
        nonlocal seq
        heapq.heappush(pending, (due, seq, direction, packet))
        seq += 1

    stop = False

    def on_signal(*_):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print("ready", flush=True)

    while not stop:
        now = time.monotonic()
        while pending and pending[0][0] <= now:
            _, _, direction, packet = heapq.heappop(pending)
            try:
                os.write(direction.out_fd, packet)
                direction.delivered += 1
            except OSError:
                pass  # the device is down (shutting down): the packet is lost
        timeout = max(0.0, pending[0][0] - now) if pending else 0.5
        try:
            readable, _, _ = select.select([fd_a, fd_b], [], [], timeout)
        except InterruptedError:
            continue
        now = time.monotonic()
        for fd in readable:
            direction = inbound[fd]
            for _ in range(256):  # drain what is there, but keep delivering on time
                try:
                    packet = os.read(fd, 65536)
                except BlockingIOError:
                    break
                except OSError:
                    break
                direction.accept(now, packet, schedule)

    for d in (a_to_b, b_to_a):
        print(f"{d.name}: sent {d.sent} lost {d.lost} ({100.0 * d.lost / max(1, d.sent):.2f}%) "
              f"queue_drops {d.queue_drops} delivered {d.delivered}", file=sys.stderr)


if __name__ == "__main__":
    main()
