#!/usr/bin/env python3
"""Bridges one IRC channel to `spasm --json`, using the FIFO-based IRC client `ii`.

The bridge starts `ii`, joins a channel, follows the channel's `out` file and any private
conversations, and answers every message addressed to the bot ("spasm: question" or
"spasm, question") and every private message. One long-lived `spasm --json` process answers
everything; each nick gets its own conversation (the session id is the nick).

What users type is health data: it is never logged unless --verbose is given, and the
`out` files ii writes are taken and deleted as soon as they are read (put --ii-dir on a
memory-backed file system such as /dev/shm to keep even that off disk).

Python 3 standard library only.
"""

import argparse
import errno
import json
import os
import re
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata

LINE_BYTES = 400
"""The longest line posted to IRC, in bytes; the server's limit is 512 including the prefix."""

MAX_LINES = 8
"""The most lines one answer may take in the channel."""

QUESTION_CHARACTERS = 1000
"""The longest question passed on to spasm, in characters (IRC lines are shorter anyway)."""

WORD_CHARACTERS = 40
"""The longest word passed on to spasm; no question needs longer ones, and very long words are slow to spell-check."""

POLL_SECONDS = 0.1
"""How often the out files are checked for new lines."""

MESSAGE_LINE = re.compile(rb"^\d+ <([^>\s]+)> (.*)$")
"""A message in an ii `out` file: `TIMESTAMP <nick> text` (notices start with `-!-` instead)."""


class Stopping(Exception):
    """Raised inside waits when SIGTERM or SIGINT asked the bridge to stop."""


class Bridge:
    """Runs ii and spasm and passes questions and answers between them."""

    def __init__(self, options):
        self.options = options
        self.stop_requested = False
        self.nick = options.nick
        self.channel = options.channel
        self.ii_process = None
        self.spasm_process = None
        self.spasm_buffer = b""
        self.created_directory = None
        if options.ii_dir:
            self.ii_root = os.path.abspath(options.ii_dir)
        else:
            base = os.environ.get("XDG_RUNTIME_DIR") or ("/dev/shm" if os.path.isdir("/dev/shm") else None)
            self.created_directory = tempfile.mkdtemp(prefix="spasm-irc-", dir=base)
            self.ii_root = self.created_directory
        os.makedirs(self.ii_root, mode=0o700, exist_ok=True)
        self.server_directory = os.path.join(self.ii_root, options.server)
        self.channel_directory = os.path.join(self.server_directory, ii_directory_name(self.channel))

    # Logging

    def log(self, message):
        """Writes an operational message (never anything a user typed) to standard error."""
        print("bridge: " + message, file=sys.stderr, flush=True)

    def verbose(self, message):
        """Writes a message that may contain user text, only when --verbose asked for it."""
        if self.options.verbose:
            self.log(message)

    # Waiting

    def check_stop(self):
        if self.stop_requested:
            raise Stopping()

    def sleep(self, seconds):
        """Sleeps in short steps so a stop request is honoured quickly."""
        deadline = time.monotonic() + seconds
        while True:
            self.check_stop()
            left = deadline - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, POLL_SECONDS))

    # spasm

    def start_spasm(self):
        command = shlex.split(self.options.spasm) + ["--json"]
        self.spasm_process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0
        )
        self.spasm_buffer = b""
        self.log("started spasm (pid %d)" % self.spasm_process.pid)

    def stop_spasm(self):
        process, self.spasm_process = self.spasm_process, None
        if process is None:
            return
        try:
            process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def ask_spasm(self, text, session):
        """Sends one request and reads exactly one reply line; None if spasm failed (it is restarted)."""
        for _ in range(2):
            if self.spasm_process is None or self.spasm_process.poll() is not None:
                if self.spasm_process is not None:
                    self.log("spasm exited with status %s; restarting it" % self.spasm_process.returncode)
                self.spasm_process = None
                self.start_spasm()
            request = json.dumps({"text": text, "session": session}) + "\n"
            try:
                self.spasm_process.stdin.write(request.encode("ascii"))
                line = self.read_spasm_line(self.options.reply_timeout)
            except (OSError, TimeoutError) as problem:
                self.log("spasm did not answer (%s); restarting it" % type(problem).__name__)
                self.stop_spasm()
                continue
            try:
                reply = json.loads(line)
            except ValueError:
                self.log("spasm sent a line that is not JSON; restarting it")
                self.stop_spasm()
                continue
            if isinstance(reply, dict):
                return reply
        return None

    def read_spasm_line(self, timeout):
        """One line from spasm's standard output, waiting at most `timeout` seconds."""
        deadline = time.monotonic() + timeout
        descriptor = self.spasm_process.stdout.fileno()
        while b"\n" not in self.spasm_buffer:
            self.check_stop()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError()
            ready, _, _ = select.select([descriptor], [], [], min(left, 0.5))
            if ready:
                chunk = os.read(descriptor, 65536)
                if not chunk:
                    raise BrokenPipeError()
                self.spasm_buffer += chunk
        line, _, self.spasm_buffer = self.spasm_buffer.partition(b"\n")
        return line.decode("utf-8", errors="replace")

    # ii

    def start_ii(self):
        """Starts ii and joins the channel; False if that did not work within the join timeout."""
        command = [self.options.ii, "-s", self.options.server, "-p", str(self.options.port),
                   "-n", self.nick, "-i", self.ii_root]
        self.ii_process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL)
        self.log("started ii (pid %d) for %s port %d" % (self.ii_process.pid, self.options.server, self.options.port))
        server_in = os.path.join(self.server_directory, "in")
        deadline = time.monotonic() + self.options.join_timeout
        joined_at = None
        while time.monotonic() < deadline:
            self.check_stop()
            if self.ii_process.poll() is not None:
                self.log("ii exited with status %s while connecting" % self.ii_process.returncode)
                return False
            if joined_at is None and self.write_fifo(server_in, ["/j " + self.channel], quiet=True):
                joined_at = time.monotonic()
            if joined_at is not None and os.path.exists(os.path.join(self.channel_directory, "out")):
                self.log("joined %s as %s" % (self.channel, self.nick))
                return True
            if joined_at is not None and time.monotonic() - joined_at > 3:
                joined_at = None  # registration was not finished yet; ask again
            self.sleep(0.2)
        self.log("could not join %s within %g seconds (nick in use?)" % (self.channel, self.options.join_timeout))
        self.stop_ii()
        return False

    def stop_ii(self):
        process, self.ii_process = self.ii_process, None
        if process is None or process.poll() is not None:
            return
        self.write_fifo(os.path.join(self.server_directory, "in"), ["/q"], quiet=True)
        try:
            process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def connect(self):
        """Starts ii until it has joined, backing off between attempts; False after too many failures."""
        for attempt in range(self.options.reconnects + 1):
            if attempt:
                pause = min(30, 2 ** attempt)
                self.log("reconnecting in %d seconds (attempt %d of %d)" % (pause, attempt, self.options.reconnects))
                self.sleep(pause)
            self.drain_all()  # forget anything said while we were away
            if self.start_ii():
                return True
        return False

    def write_fifo(self, path, lines, quiet=False):
        """Writes lines to one of ii's `in` FIFOs; False when nobody reads it (ii is gone or restarting)."""
        descriptor = None
        for _ in range(20):
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
                break
            except OSError as problem:
                if problem.errno not in (errno.ENXIO, errno.ENOENT):
                    raise
                time.sleep(0.05)  # ii closes and reopens the FIFO after each writer
        if descriptor is None:
            if not quiet:
                self.log("nobody reads %s" % os.path.relpath(path, self.ii_root))
            return False
        try:
            for index, line in enumerate(lines):
                if index and self.options.line_delay:
                    time.sleep(self.options.line_delay)
                data = (line + "\n").encode("utf-8")
                while data:
                    try:
                        data = data[os.write(descriptor, data):]
                    except BlockingIOError:
                        time.sleep(0.01)
            return True
        except BrokenPipeError:
            return False
        finally:
            os.close(descriptor)

    # Reading what people say

    def take(self, path):
        """The lines ii appended to an out file, which is then deleted.

        ii opens the file for each line it writes, so a file renamed away is finished once the
        next poll comes round: read the file taken last time, then take the current one.
        """
        taken = path + ".taken"
        lines = []
        if os.path.exists(taken):
            with open(taken, "rb") as file:
                lines = file.read().split(b"\n")
            os.unlink(taken)
        if os.path.exists(path):
            os.rename(path, taken)
        return [line for line in lines if line]

    def conversations(self):
        """The out files of the channel and of every private conversation."""
        found = []
        if os.path.isdir(self.channel_directory):
            found.append((os.path.join(self.channel_directory, "out"), True))
        try:
            names = os.listdir(self.server_directory)
        except FileNotFoundError:
            return found
        for name in names:
            directory = os.path.join(self.server_directory, name)
            if name[:1] in "#&+!" or not os.path.isdir(directory):
                continue
            found.append((os.path.join(directory, "out"), False))
        return found

    def drain_all(self):
        """Drops everything waiting in the out files (run at start and after reconnecting)."""
        for path, _ in self.conversations() + [(os.path.join(self.server_directory, "out"), False)]:
            self.take(path)
            self.take(path)

    def poll(self):
        """Answers every new message addressed to the bot."""
        self.take(os.path.join(self.server_directory, "out"))  # server notices: not needed, not kept
        for path, is_channel in self.conversations():
            for raw in self.take(path):
                match = MESSAGE_LINE.match(raw)
                if not match:
                    continue
                sender = match.group(1).decode("utf-8", errors="replace")
                if sender.lower() == self.nick.lower():
                    continue
                text = match.group(2).decode("utf-8", errors="replace")
                if text.startswith("\x01"):
                    continue  # CTCP requests and /me actions are not questions
                text = clean_text(text)
                if is_channel:
                    question = addressed_question(text, self.nick)
                    if question is None:
                        continue
                    self.answer(sender, question, os.path.join(self.channel_directory, "in"), prefix=sender + ": ")
                else:
                    if not text:
                        continue
                    question = addressed_question(text, self.nick)
                    self.answer(sender, text if question is None else question,
                                os.path.join(os.path.dirname(path), "in"), prefix="", query=sender)

    def answer(self, sender, question, target, prefix, query=None):
        self.verbose("<%s> %s" % (sender, question))
        if not question:
            lines = format_reply("Ask me about muscle cramps or spasms, for example: %s: why do I get leg cramps at night?"
                                 % self.nick, prefix)
        else:
            reply = self.ask_spasm(shorten_words(question[:QUESTION_CHARACTERS]), sender)
            if reply is None:
                text = "Sorry, I cannot answer just now. Please try again in a minute."
            else:
                text = str(reply.get("reply") or reply.get("error") or "")
                if not text.strip():
                    text = "Sorry, I have no answer to that."
            lines = format_reply(text, prefix)
        self.verbose("-> %s" % " | ".join(lines))
        if not self.write_fifo(target, lines) and query is not None:
            # The private conversation's FIFO went away (ii was restarted): open it again.
            self.write_fifo(os.path.join(self.server_directory, "in"), ["/j %s %s" % (query, lines[0])])
            self.write_fifo(target, lines[1:])

    # Running

    def run(self):
        """Runs until stopped; returns the exit status."""
        try:
            self.start_spasm()
            if not self.connect():
                return 1
            while True:
                self.check_stop()
                if self.ii_process.poll() is not None:
                    self.log("ii exited with status %s" % self.ii_process.returncode)
                    self.ii_process = None
                    if not self.connect():
                        self.log("giving up: could not reconnect")
                        return 1
                self.poll()
                self.sleep(POLL_SECONDS)
        except Stopping:
            self.log("stopping")
        finally:
            self.stop_ii()
            self.stop_spasm()
            if self.created_directory:
                shutil.rmtree(self.created_directory, ignore_errors=True)
            else:
                self.drain_all()
        return 0


def ii_directory_name(name):
    """The directory ii uses for a channel or nick: lower case, with slashes made safe."""
    return name.lower().replace("/", "_")


def clean_text(text):
    """Drops control and formatting characters (IRC colours included) and squeezes spaces."""
    text = re.sub(r"\x03\d{0,2}(,\d{1,2})?", "", text)  # mIRC colour codes carry digits
    kept = []
    for character in text:
        category = unicodedata.category(character)
        if character in "\t\n\r":
            kept.append(" ")
        elif category[0] == "C":
            continue  # Cc, Cf, Cs, Co, Cn: controls, bidi overrides, surrogates, private and unassigned
        else:
            kept.append(character)
    return re.sub(r" {2,}", " ", "".join(kept)).strip()


def shorten_words(text, limit=WORD_CHARACTERS):
    """Cuts every word to at most `limit` characters."""
    return " ".join(word[:limit] for word in text.split(" "))


def addressed_question(text, nick):
    """The question in "nick: question" or "nick, question", or None if the bot is not addressed."""
    match = re.match(r"^\s*" + re.escape(nick) + r"\s*[:,]\s*(.*)$", text, re.IGNORECASE | re.DOTALL)
    return match.group(1).strip() if match else None


def format_reply(text, prefix, line_bytes=LINE_BYTES, max_lines=MAX_LINES):
    """Splits a reply into IRC-safe lines: no controls, no empty lines, each at most `line_bytes` bytes."""
    room = line_bytes - len(prefix.encode("utf-8"))
    pieces = []
    for paragraph in text.split("\n"):
        paragraph = clean_text(paragraph)
        if paragraph:
            pieces.extend(wrap_bytes(paragraph, room))
    if not pieces:
        pieces = ["(no answer)"]
    if len(pieces) > max_lines:
        marker = " [...]"
        last = pieces[max_lines - 1]
        while len((last + marker).encode("utf-8")) > room:
            last = last[:-1]
        pieces = pieces[:max_lines - 1] + [last.rstrip() + marker]
    lines = [prefix + piece for piece in pieces]
    # ii reads a line starting with "/" as a command: never let an answer start that way.
    return [(" " + line) if line.startswith("/") else line for line in lines]


def wrap_bytes(text, limit):
    """Wraps text at spaces into pieces of at most `limit` UTF-8 bytes, cutting long words if needed."""
    pieces = []
    current = ""
    for word in text.split(" "):
        candidate = word if not current else current + " " + word
        if len(candidate.encode("utf-8")) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        current = ""
        while len(word.encode("utf-8")) > limit:
            cut = limit
            while len(word[:cut].encode("utf-8")) > limit:
                cut -= 1
            pieces.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        pieces.append(current)
    return pieces


def parse_options(arguments):
    parser = argparse.ArgumentParser(description="Answer questions on an IRC channel with spasm, through ii.")
    parser.add_argument("--server", default="127.0.0.1", help="IRC server (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=6667, help="IRC port (default: 6667)")
    parser.add_argument("--channel", default="#spasm", help="channel to join (default: #spasm)")
    parser.add_argument("--nick", default="spasm", help="the bot's nick; people address it as 'NICK: question' (default: spasm)")
    parser.add_argument("--spasm", default="spasm", help="command that runs spasm, without --json (default: spasm)")
    parser.add_argument("--ii", default="ii", help="the ii program (default: ii)")
    parser.add_argument("--ii-dir", help="directory for ii's FIFOs and files (default: a private temporary directory, removed at exit)")
    parser.add_argument("--line-delay", type=float, default=0.0, help="seconds between lines of one answer, for servers that throttle (default: 0)")
    parser.add_argument("--reply-timeout", type=float, default=20.0, help="seconds to wait for spasm's answer before restarting it (default: 20)")
    parser.add_argument("--join-timeout", type=float, default=15.0, help="seconds to wait for ii to join (default: 15)")
    parser.add_argument("--reconnects", type=int, default=5, help="reconnect attempts in a row before giving up (default: 5)")
    parser.add_argument("--verbose", action="store_true", help="log what people ask and what the bot answers (health data: use only when testing)")
    options = parser.parse_args(arguments)
    if not options.channel[:1] in ("#", "&", "+", "!"):
        options.channel = "#" + options.channel
    if not re.match(r"^[^\s,\x00-\x1f]{2,50}$", options.channel):
        parser.error("not a channel name: %r" % options.channel)
    if not re.match(r"^[A-Za-z\[\]\\`_^{|}][A-Za-z0-9\[\]\\`_^{|}-]{0,29}$", options.nick):
        parser.error("not a valid nick: %r" % options.nick)
    return options


def main(arguments):
    options = parse_options(arguments)
    bridge = Bridge(options)

    def request_stop(signal_number, frame):
        bridge.stop_requested = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    # A parent may start us with these signals blocked (some test runners do): take them back.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    return bridge.run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
