"""The Summit kernel: each notebook session has one `summit --kernel` process, so that what a cell
defines is there for the next, and the kernel passes cells, completions and inspections to it as
frames (Sources/summit/KernelMode.swift describes them). Summit does the work: the kernel only
turns its frames into Jupyter messages, and shows the SVG files a cell writes (see svg_written).
"""

import os
import re
import shutil
import signal
import subprocess
import time

from ipykernel.kernelbase import Kernel

from . import __version__

# The most bytes of an SVG file shown inline: a chart is a few dozen kilobytes.
SVG_LIMIT = 5 * 1024 * 1024


def summit_binary():
    """The `summit` command the kernel runs: $SUMMIT_BIN (kernel.json sets it), or `summit` on the PATH."""
    return os.environ.get("SUMMIT_BIN") or shutil.which("summit") or "summit"


class SummitProcess:
    """One `summit --kernel` process, and the frames to and from it."""

    def __init__(self, binary):
        self.binary = binary
        # Standard error is the kernel's: what Summit writes there goes to Jupyter's log.
        self.process = subprocess.Popen([binary, "--kernel"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        # Whether the answer to the last request is still being read, or was left unread when an
        # interruption ended its reader: the next request reads it to its end first.
        self.answering = False

    def alive(self):
        return self.process.poll() is None

    def request(self, tag, text, name=None):
        """Sends a request and yields the (tag, text) frames of its answer, up to and without `done`,
        whose text ("ok" or "error") it returns. An interruption does not end the answer: the
        signal goes to the whole process group, Summit stops the evaluation itself and answers
        with an error, and the kernel lets the signal pass (`SummitKernel.pre_handler_hook`)."""
        while self.answering:
            self.answering = self._read_frame()[0] != "done"
        data = text.encode("utf-8")
        header = f"{tag} {len(data)}" + (f" {name}" if name else "") + "\n"
        self.process.stdin.write(header.encode("utf-8") + data)
        self.process.stdin.flush()
        self.answering = True
        while True:
            frame_tag, frame_text = self._read_frame()
            if frame_tag == "done":
                self.answering = False
                return frame_text
            yield frame_tag, frame_text

    def _read_frame(self):
        header = self.process.stdout.readline()
        if not header:
            raise EOFError(self.process.wait())
        parts = header.decode("utf-8").split(" ", 2)
        length = int(parts[1])
        body = b""
        while len(body) < length:
            chunk = self.process.stdout.read(length - len(body))
            if not chunk:
                raise EOFError(self.process.wait())
            body += chunk
        return parts[0], body.decode("utf-8")

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# A string literal ending in .svg in a cell's code: "votes.svg", "charts/map.svg".
SVG_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*?\.svg)"')


def svg_printed(text):
    """The .svg paths in what a cell printed or gave: each line that is one, and each word that is
    one (quotes and brackets around it taken off)."""
    paths = []
    for line in text.split("\n"):
        line = line.strip()
        words = [line] + [word.strip("\"'()[]{},;:") for word in line.split()]
        paths += [word for word in words if word.endswith(".svg")]
    return paths


def svg_named(code):
    """The .svg paths a cell's code names in string literals, for svg_written."""
    return [m.group(1).replace('\\"', '"').replace("\\\\", "\\") for m in SVG_LITERAL.finditer(code)]


def file_state(path):
    """What tells whether a file changed: its modification time and size, or None if there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def svg_written(before, printed, started):
    """The SVG files a cell wrote, to be shown inline, in the order named: each path the code named
    (the keys of `before`, each file's state before the cell ran) whose file changed, and each path
    the cell printed or gave as its value (`printed`) whose file was modified since `started`
    (time.time_ns() as the cell began, less a few milliseconds, as file times are coarse)."""
    shown, seen = [], set()
    for path, state in before.items():
        now = file_state(path)
        if now is not None and now != state and path not in seen:
            seen.add(path)
            shown.append(path)
    for path in svg_printed(printed):
        now = file_state(path)
        if now is not None and now[0] >= started and path not in seen:
            seen.add(path)
            shown.append(path)
    return shown


class SummitKernel(Kernel):
    implementation = "summit_kernel"
    implementation_version = __version__
    language = "summit"
    language_info = {
        "name": "summit",
        "mimetype": "text/x-summit",
        "file_extension": ".summit",
        "pygments_lexer": "text",
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.summit = None
        self.binary = summit_binary()
        try:
            version = subprocess.run([self.binary, "--version"], capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            version = ""
        self.language_version = version.strip().removeprefix("summit ") or "?"
        self.language_info = dict(self.language_info, version=self.language_version)
        self.banner = (f"Summit {self.language_version}: the facts of the AI summits, as sets you can query.\n"
                       "Try  signed - [US, UK]  or  :help")

    def pre_handler_hook(self):
        """While a request is handled, an interruption (SIGINT, to the whole process group) is
        Summit's to act on: it stops the evaluation and answers with an error, which the kernel
        passes on as the cell's reply. ipykernel's own hook makes it a KeyboardInterrupt, which,
        landing while the kernel passed output on, left the cell with no reply at all. A handler
        that does nothing, unlike an ignored signal, is not inherited by a Summit process
        started meanwhile. `post_handler_hook` puts the saved handler back."""
        self.saved_sigint_handler = signal.signal(signal.SIGINT, lambda signum, frame: None)

    # The process starts with the first request, and again after it ended.
    def _summit(self):
        if self.summit is None or not self.summit.alive():
            self.summit = SummitProcess(self.binary)
        return self.summit

    def _ask(self, tag, text, name=None):
        """The frames answering a request and whether it failed; a process that ended is an error."""
        if self.summit is not None and not self.summit.alive():
            ended, self.summit = self.summit, None
            yield "error", (f"summit: the Summit process ended (status {ended.process.wait()}) after the last "
                            "cell; what the session defined is lost, and the next cell starts afresh\n")
            return "error"
        try:
            summit = self._summit()
        except OSError as error:
            yield "error", (f"summit: cannot run {self.binary}: {error.strerror or error}; the kernelspec's "
                            "SUMMIT_BIN names it (make jupyter installs it again)\n")
            return "error"
        try:
            return (yield from summit.request(tag, text, name))
        except (EOFError, OSError):
            self.summit = None
            yield "error", (f"summit: the Summit process ended (status {summit.process.wait()}); what the "
                            "session defined is lost, and the next cell starts afresh\n")
            return "error"

    async def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False):
        name = f"In[{self.execution_count}]"
        before = {path: file_state(path) for path in svg_named(code)}
        started = time.time_ns() - 20_000_000
        held = None  # the latest result, sent as the cell's result unless output follows it
        printed = []
        error = None

        def send(msg_type, content):
            if not silent:
                self.send_response(self.iopub_socket, msg_type, content)

        def release():
            nonlocal held
            if held is not None:
                send("display_data", {"data": held, "metadata": {}})
                held = None

        answer = self._ask("execute", code, name)
        try:
            while True:
                tag, text = next(answer)
                if tag == "out":
                    release()
                    printed.append(text)
                    send("stream", {"name": "stdout", "text": text})
                elif tag == "text":
                    release()
                    printed.append(text)
                    held = {"text/plain": text.removesuffix("\n")}
                elif tag == "html" and held is not None:
                    held["text/html"] = text
                elif tag == "error":
                    release()
                    lines = text.strip("\n").split("\n")
                    error = {"ename": "SummitError", "evalue": lines[0], "traceback": lines}
                    send("error", error)
        except StopIteration:
            pass
        if held is not None:
            send("execute_result", {"execution_count": self.execution_count, "data": held, "metadata": {}})
        for path in svg_written(before, "".join(printed), started):
            try:
                with open(path, encoding="utf-8") as f:
                    svg = f.read(SVG_LIMIT + 1)
            except (OSError, UnicodeDecodeError):
                continue
            if len(svg) <= SVG_LIMIT:
                send("display_data", {"data": {"image/svg+xml": svg, "text/plain": path}, "metadata": {}})
        if error is not None:
            return {"status": "error", "execution_count": self.execution_count, **error}
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

    async def do_complete(self, code, cursor_pos):
        word, matches = "", []
        for tag, text in self._frames("complete", code[:cursor_pos]):
            if tag == "complete":
                word, *matches = text.split("\n")
        return {"status": "ok", "matches": matches, "cursor_start": cursor_pos - len(word),
                "cursor_end": cursor_pos, "metadata": {}}

    async def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        name = identifier_at(code, cursor_pos)
        doc = None
        if name:
            for tag, text in self._frames("inspect", name):
                if tag == "doc":
                    doc = text
        if doc is None:
            return {"status": "ok", "found": False, "data": {}, "metadata": {}}
        return {"status": "ok", "found": True, "data": {"text/plain": doc}, "metadata": {}}

    def _frames(self, tag, text):
        answer = self._ask(tag, text)
        frames = []
        try:
            while True:
                frames.append(next(answer))
        except StopIteration:
            pass
        return frames

    async def do_shutdown(self, restart):
        if self.summit is not None:
            self.summit.close()
            self.summit = None
        return {"status": "ok", "restart": restart}


def identifier_at(code, cursor_pos):
    """The name the cursor is in or just after: `count` in `count(|signed)` and in `cou|nt`."""
    def part(c):
        return c == "_" or c.isalnum()
    if cursor_pos > 0 and code[cursor_pos - 1] == "(":
        # Just after an opening bracket: the function being called.
        return identifier_at(code, cursor_pos - 1)
    start = end = cursor_pos
    while start > 0 and part(code[start - 1]):
        start -= 1
    while end < len(code) and part(code[end]):
        end += 1
    return code[start:end]
