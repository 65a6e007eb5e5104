#!/usr/bin/python3
"""Protocol tests for the installed semisup4j Java kernel.

Run after scripts/kernel/install.sh with Debian's Python (it sees jupyter_client, zmq and
jupyter_kernel_test):

    /usr/bin/python3 scripts/kernel/test_kernel.py

The kernel name comes from SEMISUP4J_KERNEL (default "semisup4j"). The last line printed is
"kernel: N passed, N failed"; the exit status is non-zero on any failure.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest
import uuid
import zipfile
from pathlib import Path
from queue import Empty

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import jupyter_kernel_test
import zmq
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

KERNEL_NAME = os.environ.get("SEMISUP4J_KERNEL", "semisup4j")
TIMEOUT = 30
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"


class StandardProtocolChecks(jupyter_kernel_test.KernelTests):
    """jupyter_kernel_test's checks; each attribute below switches one of them on."""

    kernel_name = KERNEL_NAME
    language_name = "java"
    file_extension = ".java"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Each check waits 15 s for its reply; the kernel's first compilation can take longer on a busy
        # machine, and a late reply then answers the next check's request.
        cls.kc.execute_interactive("1;", timeout=120)

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("written to stderr");'
    code_generate_error = 'throw new IllegalStateException("boom");'
    code_clear_output = "clearOutput();"

    completion_samples = [
        {"text": "Math.ab", "matches": {"abs(", "absExact("}},
        {"text": "int n = Integer.parseI", "matches": {"parseInt("}},
    ]
    complete_code_samples = [
        "1 + 1",
        "int x = 1;",
        "System.out.println(1);",
        "for (int i = 0; i < 3; i++) {\n}",
        "%jars lib/*.jar\nint y = 2;",
    ]
    incomplete_code_samples = [
        "for (int i = 0; i < 3; i++) {",
        "System.out.println(",
        "int twice(int a) {",
    ]
    invalid_code_samples = ["}", "x = ;", 'String s = "unterminated']

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"semi" + "sup"', "result": "semisup"},
        {"code": "Math.max(3, 9)", "result": "9"},
    ]
    code_display_data = [
        {"code": 'display("<b>bold</b>", "text/html");', "mime": "text/html"},
        {"code": "display(new java.awt.image.BufferedImage(4, 4, "
                 "java.awt.image.BufferedImage.TYPE_INT_RGB));", "mime": "image/png"},
    ]
    # Must match exactly one of code_execute_result (a glob, as in IPython).
    code_history_pattern = "6 * ?"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.abs"


class KernelBehaviour(unittest.TestCase):
    """What notebooks rely on beyond the standard checks."""

    @classmethod
    def setUpClass(cls):
        started = time.monotonic()
        cls.km, cls.kc = start_new_kernel(kernel_name=KERNEL_NAME)
        cls.startup_seconds = time.monotonic() - started
        print(f"\nkernel startup (process start to kernel_info reply): {cls.startup_seconds:.2f} s",
              file=sys.stderr)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def setUp(self):
        self.drain()

    def drain(self):
        for get in (self.kc.get_shell_msg, self.kc.get_iopub_msg):
            while True:
                try:
                    get(timeout=0.1)
                except Empty:
                    break

    def execute(self, code, timeout=TIMEOUT):
        """Runs code; returns the execute_reply content and the IOPub outputs of that request."""
        msg_id = self.kc.execute(code)
        reply = self.reply_to(msg_id, timeout)
        outputs = self.outputs_of(msg_id, timeout)
        return reply, outputs

    def reply_to(self, msg_id, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            msg = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]

    def outputs_of(self, msg_id, timeout=TIMEOUT):
        outputs = []
        deadline = time.monotonic() + timeout
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "status" and msg["content"]["execution_state"] == "idle":
                return outputs
            if kind not in ("status", "execute_input"):
                outputs.append(msg)

    def result_text(self, outputs):
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1, f"expected one execute_result in {outputs}")
        return results[0]["content"]["data"]["text/plain"]

    def test_update_display_data_carries_the_display_id(self):
        reply, outputs = self.execute('String id = display("first");\nupdateDisplay(id, "second");\nid')
        self.assertEqual(reply["status"], "ok", reply)
        shown = [m for m in outputs if m["msg_type"] == "display_data"]
        updated = [m for m in outputs if m["msg_type"] == "update_display_data"]
        self.assertEqual(len(shown), 1)
        self.assertEqual(len(updated), 1)
        display_id = shown[0]["content"]["transient"]["display_id"]
        self.assertEqual(updated[0]["content"]["transient"]["display_id"], display_id)
        self.assertEqual(updated[0]["content"]["data"]["text/plain"], "second")
        # display(...) returned the same id to the cell.
        self.assertEqual(self.result_text(outputs), display_id)

    def test_message_with_bad_signature_is_not_executed(self):
        info = self.km.get_connection_info()
        key = info["key"] if isinstance(info["key"], bytes) else info["key"].encode()
        target = os.path.join(tempfile.mkdtemp(prefix="semisup4j-hmac-"), "created.txt")
        code = f'java.nio.file.Files.writeString(java.nio.file.Path.of("{target}"), "x");'
        content = dict(code=code, silent=False, store_history=False, user_expressions={},
                       allow_stdin=False, stop_on_error=True)
        socket = zmq.Context.instance().socket(zmq.DEALER)
        socket.linger = 0
        socket.connect(f"tcp://{info['ip']}:{info['shell_port']}")
        try:
            forged = Session(key=b"not-the-kernel-key", signature_scheme=info["signature_scheme"])
            forged.send(socket, "execute_request", content=content)
            self.assertFalse(socket.poll(2000), "the kernel answered a forged message")
            self.assertFalse(os.path.exists(target), "a message with a bad signature was executed")

            # The kernel still answers...
            reply, outputs = self.execute("20 + 1")
            self.assertEqual(self.result_text(outputs), "21")
            # ...and the very same request, correctly signed, does run (so the check above can fail).
            genuine = Session(key=key, signature_scheme=info["signature_scheme"])
            genuine.send(socket, "execute_request", content=content)
            self.assertTrue(socket.poll(TIMEOUT * 1000), "no reply to a correctly signed request")
            _, answer = genuine.recv(socket)
            self.assertEqual(answer["content"]["status"], "ok", answer["content"])
            self.assertTrue(os.path.exists(target))
        finally:
            socket.close()

    def test_interrupt_stops_a_runaway_cell_and_keeps_state(self):
        reply, _ = self.execute("int kept = 41;")
        self.assertEqual(reply["status"], "ok")
        msg_id = self.kc.execute("while (true) {}")
        time.sleep(1.0)
        started = time.monotonic()
        self.km.interrupt_kernel()
        reply = self.reply_to(msg_id, timeout=15)
        print(f"interrupt to execute_reply: {time.monotonic() - started:.2f} s", file=sys.stderr)
        self.assertEqual(reply["status"], "error")
        self.assertIn("interrupted", reply["evalue"])
        self.outputs_of(msg_id)
        reply, outputs = self.execute("kept + 1")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.result_text(outputs), "42")

    def test_interrupt_stops_a_sleeping_cell(self):
        msg_id = self.kc.execute("Thread.sleep(600_000);")
        time.sleep(0.5)
        self.km.interrupt_kernel()
        reply = self.reply_to(msg_id, timeout=15)
        self.assertEqual(reply["status"], "error")
        self.outputs_of(msg_id)
        reply, outputs = self.execute('"alive"')
        self.assertEqual(self.result_text(outputs), "alive")

    def test_maven_magic_adds_artifact_from_local_repository(self):
        reply, outputs = self.execute(
            "%maven com.google.code.gson:gson:2.11.0\n"
            "new com.google.gson.Gson().toJson(java.util.List.of(1, 2))", timeout=300)
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.result_text(outputs), "[1,2]")

    def test_maven_magic_brings_transitive_dependencies(self):
        # junit-jupiter-api is not on the kernel's class path; opentest4j comes with it.
        reply, outputs = self.execute(
            "%maven org.junit.jupiter:junit-jupiter-api:5.11.4\n"
            "new org.opentest4j.AssertionFailedError(\"x\").getClass().getName()", timeout=300)
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.result_text(outputs), "org.opentest4j.AssertionFailedError")

    def test_compile_error_names_the_users_line(self):
        reply, outputs = self.execute("int a = 1;\nint b = 2;\nStrin x = 1;")
        self.assertEqual(reply["status"], "error")
        text = "\n".join(reply["traceback"])
        self.assertIn("cannot find symbol", text)
        self.assertIn("line 3", text)
        self.assertIn("Strin x = 1;", text)
        self.assertNotIn("jdk.jshell", text)
        self.assertEqual([m["msg_type"] for m in outputs], ["error"])

    def test_runtime_error_shows_user_frames_only(self):
        reply, _ = self.execute("int half(int a) {\n    return a / 0;\n}\nhalf(3)")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "java.lang.ArithmeticException")
        text = "\n".join(reply["traceback"])
        self.assertIn("half (cell [", text)
        self.assertIn("line 2", text)
        for internal in ("jdk.jshell", "org.semisup4j.kernel", "jdk.internal.reflect"):
            self.assertNotIn(internal, text)

    def test_completion_knows_earlier_cells(self):
        reply, _ = self.execute("int counterOne = 1;")
        self.assertEqual(reply["status"], "ok")
        msg_id = self.kc.complete("counterOne + counterO")
        content = self.reply_to(msg_id)
        self.assertEqual(content["matches"], ["counterOne"])
        self.assertEqual((content["cursor_start"], content["cursor_end"]), (13, 21))

    def test_unknown_magic_is_named(self):
        reply, _ = self.execute("%nosuchmagic 1 2")
        self.assertEqual(reply["status"], "error")
        self.assertIn("%nosuchmagic", reply["evalue"])

    def test_time_cell_magic_reports_wall_time_and_value(self):
        reply, outputs = self.execute("%%time\nint z = 5;\nz * 3")
        self.assertEqual(reply["status"], "ok", reply)
        streams = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
        self.assertIn("Wall time:", streams)
        self.assertEqual(self.result_text(outputs), "15")
        reply, outputs = self.execute("%%time\nint w = 1;\nInteger.parseInt(\"x\")")
        self.assertEqual(reply["status"], "error", reply)
        self.assertIn(f"cell [{reply['execution_count']}], line 3", "\n".join(reply["traceback"]))

    def test_printf_as_last_statement_shows_only_its_text(self):
        reply, outputs = self.execute('System.out.printf("%d apples%n", 3)')
        self.assertEqual(reply["status"], "ok", reply)
        streams = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
        self.assertIn("3 apples", streams)
        self.assertFalse([m for m in outputs if m["msg_type"] == "execute_result"],
                         "a PrintStream returned by printf must not be shown as the cell's value")

    def test_results_stay_objects_in_the_kernel(self):
        reply, outputs = self.execute(
            "record Point(int x, int y) {}\nvar p = new Point(1, 2);\np")
        self.assertEqual(self.result_text(outputs), "Point[x=1, y=2]")
        reply, outputs = self.execute("p.x() + p.y()")
        self.assertEqual(self.result_text(outputs), "3")

    def streams(self, outputs, name="stdout"):
        return "".join(m["content"]["text"] for m in outputs
                       if m["msg_type"] == "stream" and m["content"]["name"] == name)

    def test_a_flood_of_println_arrives_whole_and_the_cell_ends(self):
        # One message per println used to overflow IOPub: lines and the idle status were lost.
        reply, outputs = self.execute(
            'for (int i = 0; i < 100000; i++) System.out.println("line " + i);', timeout=120)
        self.assertEqual(reply["status"], "ok", reply)
        text = self.streams(outputs)
        self.assertEqual(text, "".join(f"line {i}\n" for i in range(100000)))
        messages = [m for m in outputs if m["msg_type"] == "stream"]
        print(f"100 000 lines in {len(messages)} stream messages", file=sys.stderr)
        self.assertLess(len(messages), 1000)

    def test_a_runaway_cell_is_cut_with_a_notice_and_the_kernel_answers(self):
        reply, outputs = self.execute(
            'String row = "x".repeat(1023);\n'
            'for (int i = 0; i < 10240; i++) System.out.println(row);', timeout=120)  # 10 MB
        self.assertEqual(reply["status"], "ok", reply)
        text = self.streams(outputs)
        tail = text[-400:]  # (10 MB of x would drown a failure message)
        self.assertTrue(text.startswith("x" * 1023 + "\n"), text[:100])
        self.assertIn("passed the limit of 8.0 MB; the rest is not shown", tail)
        self.assertIn("2.0 MB in 2,048 lines of this cell's output were not shown", tail)
        self.assertLess(len(text), 8 * 2**20 + 400)
        reply, outputs = self.execute('"still here"')
        self.assertEqual(self.result_text(outputs), "still here")

    def test_system_exit_in_a_cell_is_an_error_and_the_kernel_lives(self):
        reply, _ = self.execute("int keptBeforeExit = 7;")
        self.assertEqual(reply["status"], "ok", reply)
        for code, status in [("System.exit(3);", 3),
                             # swallowed by the cell, still reported
                             ("try { System.exit(4); } catch (Exception e) { }", 4),
                             ("Thread t = new Thread(() -> Runtime.getRuntime().halt(5));\n"
                              "t.start(); t.join();", 5)]:
            with self.subTest(code=code):
                reply, outputs = self.execute(code)
                self.assertEqual(reply["status"], "error", reply)
                self.assertEqual(reply["ename"], "SystemExit")
                self.assertIn(f"System.exit({status})", reply["evalue"])
                self.assertEqual([m["msg_type"] for m in outputs if m["msg_type"] == "error"], ["error"])
        reply, outputs = self.execute("keptBeforeExit + 1")
        self.assertEqual(self.result_text(outputs), "8")

    def test_null_values_declarations_and_assignments_show_nothing(self):
        for code in ["String nothing = null;\nnothing", "var quietBuilder = new StringBuilder();",
                     'quietBuilder = new StringBuilder("x")', "(Object) null"]:
            with self.subTest(code=code):
                reply, outputs = self.execute(code)
                self.assertEqual(reply["status"], "ok", reply)
                self.assertEqual(outputs, [], f"{code!r} showed {outputs}")

    def test_unreachable_repository_is_one_clear_error_naming_it(self):
        reply, _ = self.execute("%mavenRepo dead https://127.0.0.1:9/maven2/\n"
                                "%maven org.semisup4j.kerneltest:absent:1.0", timeout=300)
        self.assertEqual(reply["status"], "error", reply)
        self.assertEqual(reply["ename"], "MavenResolutionException")
        self.assertIn("repository 'dead' (https://127.0.0.1:9/maven2/) cannot be reached", reply["evalue"])
        self.assertEqual(len(reply["traceback"]), 1, reply["traceback"])
        # a later %maven no longer carries the dead repository once it is replaced
        reply, _ = self.execute("%mavenRepo dead file:///nonexistent-semisup4j-repo/")
        self.assertEqual(reply["status"], "ok", reply)

    def test_mavenRepo_and_loadFromPOM_resolve_from_a_local_file_repository(self):
        repo = Path(tempfile.mkdtemp(prefix="semisup4j-repo-"))
        folder = repo / "org/semisup4j/kerneltest/tiny/1.0"
        folder.mkdir(parents=True)
        (folder / "tiny-1.0.pom").write_text(
            '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
            "<groupId>org.semisup4j.kerneltest</groupId><artifactId>tiny</artifactId><version>1.0</version>"
            "</project>\n")
        with zipfile.ZipFile(folder / "tiny-1.0.jar", "w") as jar:
            jar.writestr("org/semisup4j/kerneltest/tiny.txt", "from the file repository")
        read = ('new String(Thread.currentThread().getContextClassLoader()'
                '.getResourceAsStream("org/semisup4j/kerneltest/tiny.txt").readAllBytes())')
        reply, outputs = self.execute(
            f"%%loadFromPOM\n<repository><id>kernel-test-files</id><url>{repo.as_uri()}</url></repository>\n"
            "<dependency><groupId>org.semisup4j.kerneltest</groupId><artifactId>tiny</artifactId>"
            "<version>1.0</version></dependency>", timeout=300)
        self.assertEqual(reply["status"], "ok", reply)
        reply, outputs = self.execute(read)
        self.assertEqual(self.result_text(outputs), "from the file repository")
        # the same through %mavenRepo + %addMavenDependencies, returning what it added
        reply, outputs = self.execute(
            f"%addMavenRepo kernel-test-files {repo.as_uri()}\n"
            "List<String> tinyAdded = %addMavenDependencies org.semisup4j.kerneltest:tiny:1.0;\n"
            "tinyAdded.size()", timeout=300)
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.result_text(outputs), "0")  # already on the class path

    def test_load_runs_a_file_of_code(self):
        path = Path(tempfile.mkdtemp(prefix="semisup4j-load-")) / "helpers.jsh"
        path.write_text("int tripled(int x) {\n    return 3 * x;\n}\n")
        reply, outputs = self.execute(f"%load {path}\ntripled(14)")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.result_text(outputs), "42")
        reply, _ = self.execute("%load /nonexistent/semisup4j.jsh")
        self.assertEqual(reply["status"], "error")
        self.assertIn("cannot read /nonexistent/semisup4j.jsh", reply["evalue"])

    def test_runtime_api_eval_magics_and_kernel_instance(self):
        reply, outputs = self.execute(
            'import io.github.spencerpark.ijava.IJava;\n'
            '(int) eval("1 + 2") + 3 + (int) IJava.getKernelInstance().evalRaw("10")'
            ' + (getKernelInstance().getMagics() != null ? 100 : 0)')
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.result_text(outputs), "116")
        reply, outputs = self.execute('io.github.spencerpark.ijava.runtime.Kernel.eval("2 * 21")')
        self.assertEqual(self.result_text(outputs), "42")
        reply, outputs = self.execute('List<String> none = lineMagic("classpath", List.of("/nonexistent-x"));')
        self.assertEqual(reply["status"], "error")
        self.assertIn("nothing matches '/nonexistent-x'", reply["evalue"])

    def test_kernel_libraries_are_hidden_from_notebook_code(self):
        reply, outputs = self.execute('Class.forName("org.zeromq.ZMQ")')
        self.assertEqual(reply["status"], "error", reply)
        self.assertEqual(reply["ename"], "java.lang.ClassNotFoundException")
        # the compiler sees what the code sees: the kernel's messaging library is not there
        reply, outputs = self.execute("org.zeromq.ZMQ.getVersionString()")
        self.assertEqual(reply["status"], "error", reply)
        self.assertEqual(reply["ename"], "CompilationException")
        reply, outputs = self.execute(
            "org.nd4j.linalg.factory.Nd4j.class.getClassLoader() == Thread.currentThread().getContextClassLoader()")
        self.assertEqual(self.result_text(outputs), "true")

    def test_startup_is_quick(self):
        self.assertLess(self.startup_seconds, 20.0)


class KernelNotebooks(unittest.TestCase):
    """Our own notebooks in scripts/kernel/notebooks, written as IJava notebooks are (kernelspec "java"),
    run on this kernel; each ends by checking its own numbers."""

    def run_notebook(self, name):
        nb = nbformat.read(NOTEBOOKS / name, as_version=4)
        workdir = tempfile.mkdtemp(prefix="semisup4j-nb-")
        client = NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=300,
                                resources={"metadata": {"path": workdir}})
        started = time.monotonic()
        try:
            client.execute()
        except CellExecutionError as e:
            self.fail(f"{name}: {str(e)[:1500]}")
        print(f"{name}: {time.monotonic() - started:.1f} s", file=sys.stderr)
        return nb

    def test_tribuo_model_saved_and_read_back_with_maven_classes(self):
        self.run_notebook("tribuo-model-roundtrip.ipynb")

    def test_another_version_of_a_toolkit_library(self):
        nb = self.run_notebook("library-versions.ipynb")
        streams = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        self.assertIn("com.google.code.gson:gson 2.11.0 is in force", streams)

    def test_ijava_magics_and_runtime_api(self):
        self.run_notebook("ijava-magics.ipynb")


class AliasInstall(unittest.TestCase):
    """install.sh --name java: IJava notebooks (kernelspec "java") open on this kernel."""

    def test_alias_has_the_same_command_and_a_display_name_saying_whose_it_is(self):
        prefix = Path(tempfile.mkdtemp(prefix="semisup4j-alias-"))
        subprocess.run(["bash", str(ROOT / "scripts/kernel/install.sh"), "--prefix", str(prefix), "--name", "java"],
                       check=True, capture_output=True, timeout=600)
        alias = json.loads((prefix / "share/jupyter/kernels/java/kernel.json").read_text())
        self.assertEqual(alias["display_name"], 'Java (semisup4j, as "java")')
        self.assertNotIn("(java)", alias["display_name"])
        self.assertTrue(any(a.startswith("-Dsemisup4j.notebook.classpath=") for a in alias["argv"]))
        self.assertEqual(alias["argv"][-2:], ["org.semisup4j.kernel.Main", "{connection_file}"])


def main():
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for case in (StandardProtocolChecks, KernelBehaviour, KernelNotebooks, AliasInstall):
        suite.addTests(loader.loadTestsFromTestCase(case))
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed_ids = {test.id() for test, _ in result.failures + result.errors}
    # A test whose subtests fail counts once; unexpected successes of expected failures count too.
    failed = len(failed_ids) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    for test, reason in result.skipped:
        print(f"skipped: {test.id()} ({reason or 'no sample code'})")
    print(f"kernel: {passed} passed, {failed} failed")
    return 0 if failed == 0 and result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
