#!/usr/bin/env python3
"""What the CPU does for one call of a function, counted (not timed) under valgrind's callgrind.

A benchmark says how long a call takes; this says why. It runs a Google Benchmark binary under
`valgrind --tool=callgrind`, collecting only inside FUNCTION, and prints per call of FUNCTION:
  - instructions executed, and branches taken (a taken branch ends the CPU's fetch block: at
    four or more instructions per cycle, code that jumps a lot runs slower than code that
    runs straight, with the same instruction count);
  - the same by function (inlined code counts for the function it was inlined into);
  - with --lines, instructions by source line (the innermost inlined line);
  - with --branches, the branches taken most often, with their source lines, "back" for a
    loop's jump back and "fwd" for a jump ahead (often the common case laid out of line,
    which [[likely]] / [[unlikely]] can move).
The counts do not depend on the machine's load, so two builds compare exactly; only the time
on a real CPU (the benchmark, A/B) says whether a change helped.

Usage:
  bench/scripts/cpu_profile.py BENCHMARK FUNCTION [--filter REGEX] [--top N] [--lines]
      [--branches] [--within NAME]
  bench/scripts/cpu_profile.py build/default/bench/sdp_bench rtc::sdp::parse_into \\
      --filter BM_ParseInto --lines --branches
FUNCTION is a part of the function's name as callgrind shows it (namespaces, no arguments), and
of no other function's that it calls: callgrind switches counting on and off where such a name
is entered, so the tool refuses a name that several called functions share.
Needs valgrind and binutils' addr2line (apt-get install valgrind binutils); a build with debug
information (the RelWithDebInfo presets) for source lines.
"""

import argparse
import collections
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

# One cost line of a callgrind file: positions ("instr line", each absolute, +/- relative to the
# previous one, or * for the same), then the cost (Ir).
POSITION = re.compile(r"^(0x[0-9a-f]+|[+-]\d+|\*)\s+(\S+)(?:\s+(\d+))?")
# Names are written once with their id, "fn=(12) name", then as the id alone, "fn=(12)".
NAME = re.compile(r"^(ob|fl|fi|fe|fn|cob|cfi|cfl|cfn)=\((\d+)\)(?: (.*))?$")
NAME_SPACE = {"ob": "ob", "cob": "ob", "fn": "fn", "cfn": "fn",
              "fl": "fl", "fi": "fl", "fe": "fl", "cfi": "fl", "cfl": "fl"}


def run_callgrind(benchmark, function, benchmark_filter, min_time, out):
    command = [
        "valgrind", "--tool=callgrind", "--dump-instr=yes", "--collect-jumps=yes",
        f"--toggle-collect=*{function}*", f"--callgrind-out-file={out}", benchmark,
        f"--benchmark_min_time={min_time}"
    ]
    if benchmark_filter:
        command.append(f"--benchmark_filter={benchmark_filter}")
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"cpu_profile: valgrind failed:\n{result.stderr[-2000:]}")


class Profile:
    """Self instructions per instruction address, taken jumps per jump site, calls of FUNCTION."""

    def __init__(self, path, function):
        self.instructions = collections.Counter()  # (object, address) -> Ir
        self.function_of = {}  # (object, address) -> function name
        self.taken = collections.Counter()  # (object, address, target) -> times taken
        self.calls = 0
        self.matched = set()  # the called functions whose names contain FUNCTION
        names = {}  # (name space, id) -> name
        obj = fn = ""
        inclusive_next = False  # the next position line is a call's inclusive cost, not self
        jump_pending = None  # a jump=/jcnd= line: the next position line is its instruction
        calling_function = False  # the last cfn= names FUNCTION: count the calls= after it
        last = 0
        with open(path) as lines:
            for line in lines:
                line = line.rstrip("\n")
                m = NAME.match(line)
                if m:
                    kind, ident, name = m.groups()
                    space = NAME_SPACE[kind]  # "cfn=(12)" names the same function as "fn=(12)"
                    if name is not None:
                        names[(space, ident)] = name
                    value = names.get((space, ident), "")
                    if kind == "ob":
                        obj = value
                    elif kind == "fn":
                        fn = value
                    elif kind == "cfn":
                        calling_function = function in value
                        if calling_function:
                            self.matched.add(value)
                    continue
                if line.startswith("calls="):
                    if calling_function:
                        self.calls += int(line.split()[0][len("calls="):])
                    calling_function = False
                    inclusive_next = True
                    continue
                if line.startswith(("jump=", "jcnd=")):
                    kind, rest = line.split("=", 1)
                    fields = rest.split()
                    taken = int(fields[0].split("/")[0])  # jcnd=<times taken>/<times executed>
                    target = self._address(fields[1], last) if len(fields) > 1 else None
                    jump_pending = (taken, target)
                    continue
                m = POSITION.match(line)
                if not m:
                    continue
                address = self._address(m.group(1), last)
                last = address
                if inclusive_next:
                    inclusive_next = False
                    continue
                if jump_pending is not None:
                    taken, target = jump_pending
                    jump_pending = None
                    self.taken[(obj, address, target)] += taken
                    self.function_of[(obj, address)] = fn
                    continue
                if m.group(3) is not None:
                    self.instructions[(obj, address)] += int(m.group(3))
                    self.function_of[(obj, address)] = fn

    def subtract(self, other):
        """Keeps what this run did beyond `other` (a shorter run of the same benchmark)."""
        self.calls -= other.calls
        self.instructions.subtract(other.instructions)
        self.taken.subtract(other.taken)
        self.instructions = +self.instructions  # drops what is now zero or below
        self.taken = +self.taken

    @staticmethod
    def _address(token, last):
        if token.startswith("0x"):
            return int(token, 16)
        if token == "*":
            return last
        return last + int(token)


def source_lines(obj, addresses, depth):
    """address -> "file:line < caller:line ..." (inlined frames, innermost first)."""
    if not addresses or not os.path.exists(obj):
        return {}
    result = subprocess.run(["addr2line", "-i", "-a", "-e", obj] + [hex(a) for a in addresses],
                            capture_output=True, text=True)
    where = {}
    current = None
    for line in result.stdout.splitlines():
        if line.startswith("0x"):
            current = int(line, 16)
            where[current] = []
        elif current is not None:
            frame = re.sub(r" \(discriminator \d+\)", "", line)
            where[current].append(shorten(frame))
    return {a: " < ".join(frames[:depth]) for a, frames in where.items()}


def shorten(frame):
    """"/usr/include/c++/12/bits/x.h:12" -> "bits/x.h:12"; paths in the checkout from its root.

    ccache (scripts/test.sh sets CCACHE_BASEDIR) shares objects between checkouts, so the debug
    information may name the build directory relatively ("build/default/../../sdp/src/x.hpp")
    or another checkout altogether ("/tmp/other-clone/sdp/src/x.hpp"). Both are shown as the
    same file in this checkout ("sdp/src/x.hpp") when it has that file."""
    path, _, line = frame.rpartition(":")
    if not path:
        return frame
    path = os.path.normpath(path)
    path = re.sub(r"^.*/include/(c\+\+/\d+/)?", "", path)
    root = os.getcwd() + "/"
    if path.startswith(root):
        path = path[len(root):]
    elif os.path.isabs(path):
        parts = path.split("/")
        for i in range(1, len(parts) - 1):
            suffix = "/".join(parts[i:])
            if os.path.isfile(os.path.join(root, suffix)):
                path = suffix
                break
    return f"{path}:{line}"


def short_function(name):
    name = re.sub(r"std::basic_string_view<char, std::char_traits<char> >", "string_view", name)
    name = re.sub(r"std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >",
                  "string", name)
    return name if len(name) <= 110 else name[:107] + "..."


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # "| head" ends the output quietly
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("benchmark", help="a Google Benchmark binary")
    parser.add_argument("function", help="part of the measured function's name")
    parser.add_argument("--filter", metavar="REGEX",
                        help="--benchmark_filter for the binary (default: all)")
    parser.add_argument("--top", metavar="N", type=int, default=15,
                        help="rows per table (default 15)")
    parser.add_argument("--lines", action="store_true", help="instructions by source line")
    parser.add_argument("--branches", action="store_true", help="the branches taken most often")
    parser.add_argument("--within", metavar="NAME",
                        help="--lines and --branches only inside functions named like NAME")
    parser.add_argument("--keep", metavar="FILE",
                        help="also keep the longer run's callgrind output in FILE")
    args = parser.parse_args()

    for tool in ("valgrind", "addr2line"):
        if shutil.which(tool) is None:
            sys.exit(f"cpu_profile: {tool} not found (apt-get install valgrind binutils)")
    if not os.access(args.benchmark, os.X_OK):
        sys.exit(f"cpu_profile: {args.benchmark} is not an executable")

    # The first call of a function pays once for what later calls do not: the dynamic linker
    # binding its symbols, memory that a reused object then keeps. Two runs of different lengths
    # pay it equally, so their difference is what the extra calls cost, each like the next.
    with tempfile.TemporaryDirectory(prefix="cpu_profile.") as scratch:
        short_out = os.path.join(scratch, "short.out")
        long_out = args.keep or os.path.join(scratch, "long.out")
        run_callgrind(args.benchmark, args.function, args.filter, 0.02, short_out)
        run_callgrind(args.benchmark, args.function, args.filter, 0.2, long_out)
        profile = Profile(long_out, args.function)
        profile.subtract(Profile(short_out, args.function))
    if len(profile.matched) > 1:
        # callgrind turns collection on when one of them is entered and off when another one
        # is entered inside it: the counts would be of neither.
        listed = "\n  ".join(sorted(short_function(n) for n in profile.matched))
        sys.exit(f"cpu_profile: several functions are named like '{args.function}'; "
                 f"name one of them:\n  {listed}")
    if profile.calls == 0:
        sys.exit(f"cpu_profile: no call of a function named like '{args.function}' was recorded "
                 "(check the name and --filter)")
    per_call = 1.0 / profile.calls
    instructions = sum(profile.instructions.values()) * per_call
    taken = sum(profile.taken.values()) * per_call
    print(f"{args.function}: {profile.calls} calls; per call {instructions:,.0f} instructions, "
          f"{taken:,.0f} branches taken")

    by_function = collections.Counter()
    taken_by_function = collections.Counter()
    for key, count in profile.instructions.items():
        by_function[profile.function_of[key]] += count
    for (obj, address, _), count in profile.taken.items():
        taken_by_function[profile.function_of[(obj, address)]] += count
    print(f"\n{'instr':>9} {'taken':>7}  function (inlined code counts where it was inlined)")
    for name, count in by_function.most_common(args.top):
        print(f"{count * per_call:9,.0f} {taken_by_function[name] * per_call:7,.0f}  "
              f"{short_function(name)}")

    if args.lines:
        by_line = collections.Counter()
        by_object = collections.defaultdict(list)
        for obj, address in profile.instructions:
            if args.within is None or args.within in profile.function_of[(obj, address)]:
                by_object[obj].append(address)
        for obj, addresses in by_object.items():
            where = source_lines(obj, addresses, 1)
            for address in addresses:
                by_line[where.get(address, "??")] += profile.instructions[(obj, address)]
        print(f"\n{'instr':>9}  source line (innermost)")
        for line, count in by_line.most_common(args.top):
            print(f"{count * per_call:9,.1f}  {line}")

    if args.branches:
        top = [(key, count) for key, count in profile.taken.most_common()
               if args.within is None or args.within in profile.function_of[key[:2]]][:args.top]
        by_object = collections.defaultdict(list)
        for (obj, address, _), _count in top:
            by_object[obj].append(address)
        where = {obj: source_lines(obj, addresses, 3) for obj, addresses in by_object.items()}
        print(f"\n{'taken':>7}  where (inlined frames, innermost first)")
        for (obj, address, target), count in top:
            direction = "back" if target is not None and target <= address else "fwd "
            function = short_function(profile.function_of[(obj, address)])
            function = function.replace("(anonymous namespace)", "{anonymous}").split("(")[0]
            print(f"{count * per_call:7,.1f}  {direction} {where[obj].get(address, hex(address))}"
                  f"  [{function}]")


if __name__ == "__main__":
    main()
