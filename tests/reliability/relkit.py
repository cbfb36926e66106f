"""Helpers of the reliability tests: a hand-started gotape kernel (Kernel) and a raw zmq
frontend (RawClient). See conftest.py."""
import datetime
import hashlib
import hmac
import json
import pathlib
import signal
import socket
import subprocess
import time
import uuid

import zmq

DELIM = b"<IDS|MSG>"
IMPORTS = 'import (\n\t"fmt"\n\t"os"\n\t"strings"\n\t"time"\n)'


def now_iso(offset=0.0):
    """An ISO 8601 UTC timestamp as jupyter_client writes in headers, offset seconds from now."""
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=offset)
    return t.isoformat().replace("+00:00", "Z")


def free_ports(n, ip="127.0.0.1"):
    socks, ports = [], []
    for _ in range(n):
        s = socket.socket()
        s.bind((ip, 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


class Kernel:
    """A gotape kernel process with its connection file and captured standard error."""

    def __init__(self, binary, tmp, key="s3cr3t-" + uuid.uuid4().hex, ip="127.0.0.1", args=(), wait=True,
                 scheme="hmac-sha256", env=None):
        self.tmp = pathlib.Path(tmp)
        self._binary = binary
        self.key = key
        self.ip = ip
        ports = free_ports(5, ip)
        self.conn = dict(transport="tcp", ip=ip, shell_port=ports[0], control_port=ports[1], stdin_port=ports[2],
                         iopub_port=ports[3], hb_port=ports[4], key=key, signature_scheme=scheme,
                         kernel_name="gotape")
        self.conn_file = self.tmp / ("kernel-%s.json" % uuid.uuid4().hex[:8])
        self.conn_file.write_text(json.dumps(self.conn))
        self.stderr_path = self.tmp / (self.conn_file.stem + ".stderr")
        self.stdout_path = self.tmp / (self.conn_file.stem + ".stdout")
        self._err = open(self.stderr_path, "wb")
        self._out = open(self.stdout_path, "wb")
        self._argv, self._env = [str(binary), "kernel", *args, str(self.conn_file)], env
        self.proc = subprocess.Popen(self._argv, stdout=self._out, stderr=self._err, stdin=subprocess.DEVNULL, env=env)
        self._clients = []
        if wait:
            self.wait_ready()

    def restart(self):
        """Starts the kernel again on the same connection file, once the process has exited
        (as KernelManager.restart_kernel does: same ports, same key)."""
        assert self.proc.poll() is not None, "the kernel is still running"
        self.proc = subprocess.Popen(self._argv, stdout=self._out, stderr=self._err, stdin=subprocess.DEVNULL,
                                     env=self._env)
        self.wait_ready()

    @property
    def pid(self):
        return self.proc.pid

    def ports(self):
        return {self.conn[k] for k in ("shell_port", "control_port", "stdin_port", "iopub_port", "hb_port")}

    def wait_ready(self, timeout=60):
        """Waits until the kernel answers kernel_info on the shell channel."""
        deadline = time.monotonic() + timeout
        raw = self.raw(sync=False)
        try:
            while time.monotonic() < deadline:
                assert self.proc.poll() is None, "kernel exited: " + self.stderr()
                mid = raw.send("shell", "kernel_info_request", {})
                if raw.reply("shell", mid, timeout=1.0, missing_ok=True):
                    return
            raise AssertionError("kernel not ready: " + self.stderr())
        finally:
            raw.close()

    def raw(self, key=None, sync=True):
        """A RawClient; with sync, returns once its iopub subscription receives messages."""
        c = RawClient(self.conn, self.key if key is None else key)
        self._clients.append(c)
        if sync:
            c.sync_iopub()
        return c

    def client(self):
        from jupyter_client.blocking import BlockingKernelClient
        kc = BlockingKernelClient()
        kc.load_connection_file(str(self.conn_file))
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        self._clients.append(kc)
        return kc

    def stderr(self):
        self._err.flush()
        return self.stderr_path.read_bytes().decode("utf-8", "replace")

    def stdout(self):
        return self.stdout_path.read_bytes().decode("utf-8", "replace")

    def rss_kb(self):
        """The resident memory of the kernel and of its evaluator process(es), in kB."""
        total, todo = 0, [self.pid]
        while todo:
            pid = todo.pop()
            for line in pathlib.Path("/proc/%d/status" % pid).read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in pathlib.Path("/proc/%d/task" % pid).iterdir():
                todo += [int(p) for p in (task / "children").read_text().split()]
        return total

    def alive(self):
        return self.proc.poll() is None

    def close(self):
        for c in self._clients:
            try:
                if isinstance(c, RawClient):
                    c.close()
                else:
                    c.stop_channels()
            except Exception:
                pass
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._err.close()
        self._out.close()


class RawClient:
    """A frontend made of plain zmq sockets, able to send anything."""

    def __init__(self, conn, key):
        self.conn = conn
        self.key = key.encode() if isinstance(key, str) else key
        self.session = uuid.uuid4().hex
        self.ctx = zmq.Context()
        ep = lambda port: "tcp://%s:%d" % (conn["ip"], conn[port])
        self.socks = {}
        for name in ("shell", "control", "stdin"):
            s = self.ctx.socket(zmq.DEALER)
            s.setsockopt(zmq.LINGER, 0)
            s.setsockopt(zmq.IDENTITY, self.session.encode())  # as jupyter_client: one identity for shell and stdin
            s.connect(ep(name + "_port"))
            self.socks[name] = s
        sub = self.ctx.socket(zmq.SUB)
        sub.setsockopt(zmq.LINGER, 0)
        sub.setsockopt(zmq.SUBSCRIBE, b"")
        sub.connect(ep("iopub_port"))
        self.socks["iopub"] = sub
        self.closed = False

    def sign(self, *parts, key=None):
        key = self.key if key is None else key
        if not key:
            return b""
        h = hmac.new(key, digestmod=getattr(hashlib, self.conn.get("signature_scheme", "hmac-sha256")[5:]))
        for p in parts:
            h.update(p)
        return h.hexdigest().encode()

    def header(self, msg_type, msg_id=None, date=None):
        return {"msg_id": msg_id or uuid.uuid4().hex, "session": self.session, "username": "test",
                "date": date or now_iso(), "msg_type": msg_type, "version": "5.3"}

    def frames(self, msg_type, content, key=None, msg_id=None, date=None):
        h = json.dumps(self.header(msg_type, msg_id, date)).encode()
        c = content if isinstance(content, bytes) else json.dumps(content).encode()
        parts = [h, b"{}", b"{}", c]
        return [DELIM, self.sign(*parts, key=key)] + parts

    def send(self, channel, msg_type, content, key=None):
        """Sends a signed message and returns its msg_id."""
        mid = uuid.uuid4().hex
        self.send_frames(channel, self.frames(msg_type, content, key=key, msg_id=mid))
        return mid

    def send_frames(self, channel, frames):
        self.socks[channel].send_multipart(frames, copy=True)

    def recv(self, channel, timeout=10.0):
        """The next message on channel (a dict), or None after timeout."""
        s = self.socks[channel]
        if not s.poll(int(timeout * 1000)):
            return None
        frames = s.recv_multipart()
        i = frames.index(DELIM)
        sig, h, p, md, c = frames[i + 1:i + 6]
        assert hmac.compare_digest(sig, self.sign(h, p, md, c)), "kernel sent a badly signed message"
        return {"header": json.loads(h), "parent_header": json.loads(p), "metadata": json.loads(md),
                "content": json.loads(c), "msg_type": json.loads(h)["msg_type"], "buffers": frames[i + 6:]}

    def reply(self, channel, msg_id, timeout=10.0, missing_ok=False):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            m = self.recv(channel, timeout=max(0.0, left)) if left > 0 else None
            if m is None:
                if missing_ok:
                    return None
                raise AssertionError("no reply to %s on %s within %ss" % (msg_id, channel, timeout))
            if m["parent_header"].get("msg_id") == msg_id:
                return m

    def iopub_until_idle(self, msg_id, timeout=10.0):
        out = []
        deadline = time.monotonic() + timeout
        while True:
            m = self.recv("iopub", timeout=max(0.01, deadline - time.monotonic()))
            if m is None:
                raise AssertionError("no idle for %s; got %s" % (msg_id, [x["msg_type"] for x in out]))
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            out.append(m)
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                return out

    def execute(self, code, timeout=30.0, **kw):
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": False}
        content.update(kw)
        mid = self.send("shell", "execute_request", content)
        return self.reply("shell", mid, timeout=timeout)

    def run(self, code, timeout=30.0, **kw):
        """Executes code; returns (execute_reply, iopub messages of the request up to idle)."""
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": False}
        content.update(kw)
        mid = self.send("shell", "execute_request", content)
        r = self.reply("shell", mid, timeout=timeout)
        return r, self.iopub_until_idle(mid, timeout=timeout)

    def sync_iopub(self, timeout=30.0):
        """Waits until iopub delivers (ZeroMQ subscriptions take a moment to be live)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            mid = self.send("control", "kernel_info_request", {})  # control: answered while a cell runs
            self.reply("control", mid, timeout=10)
            end = time.monotonic() + 0.5
            while time.monotonic() < end:
                m = self.recv("iopub", timeout=0.1)
                if m and m["parent_header"].get("msg_id") == mid and m["content"].get("execution_state") == "idle":
                    return
        raise AssertionError("iopub never delivered")

    def alive(self, timeout=10.0):
        """Whether the kernel answers kernel_info on shell within timeout."""
        mid = self.send("shell", "kernel_info_request", {})
        r = self.reply("shell", mid, timeout=timeout, missing_ok=True)
        return r is not None and r["content"]["status"] == "ok"

    def close(self):
        if not self.closed:
            self.closed = True
            for s in self.socks.values():
                s.close(linger=0)
            self.ctx.term()


def stdout_of(msgs):
    return "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")
