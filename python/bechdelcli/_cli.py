"""Finding and running the bechdelcli executable."""
import os
import shutil
import subprocess
import warnings


class BechdelCLIError(RuntimeError):
    """The tool failed.

    `str(error)` and `.message` are the tool's one-line message (the last line it wrote on standard error, such as
    ``bechdelcli: film.wav: not a readable audio file (...)``); `.returncode` is its exit status (1: runtime
    failure, 2: bad input or usage; negative: killed by that signal; None when the tool could not be run at all);
    `.stderr` is everything it wrote on standard error; `.command` the command line that was run.
    """

    def __init__(self, message, returncode=None, stderr="", command=None):
        super().__init__(message)
        self.message = message
        self.returncode = returncode
        self.stderr = stderr
        self.command = command

    @property
    def exit_code(self):
        """Same as `returncode`."""
        return self.returncode


class BechdelCLINotFoundError(BechdelCLIError):
    """No usable bechdelcli executable: $BECHDELCLI names no executable file, or there is none on the PATH."""


class BechdelCLIWarning(UserWarning):
    """A warning the tool printed while succeeding (e.g. cells treated as missing with `lenient=True`)."""


def executable():
    """Path of the bechdelcli executable: $BECHDELCLI if set (and not empty), else the first `bechdelcli` on the
    PATH. Raises BechdelCLINotFoundError when there is none."""
    path = os.environ.get("BECHDELCLI")
    if path:
        if not os.path.isfile(path):
            raise BechdelCLINotFoundError(f"BECHDELCLI={path}: no such file (build the tool with "
                                          "`swift build -c release`; it is .build/release/bechdelcli)")
        if not os.access(path, os.X_OK):
            raise BechdelCLINotFoundError(f"BECHDELCLI={path}: not an executable file")
        return path
    found = shutil.which("bechdelcli")
    if not found:
        raise BechdelCLINotFoundError("bechdelcli executable not found: set the BECHDELCLI environment variable to "
                                      "its path (e.g. .build/release/bechdelcli) or put it on the PATH")
    return found


def _message(stderr, returncode):
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if lines:
        return lines[-1]
    if returncode < 0:
        return f"bechdelcli was killed by signal {-returncode}"
    return f"bechdelcli exited with status {returncode}"


def run(arguments, stdin=None):
    """Runs `bechdelcli ARGUMENTS` (stdin: text sent on standard input, or None for none) and returns its standard
    output as text. Raises BechdelCLIError with the tool's message when it exits with a non-zero status; what it
    wrote on standard error while succeeding is issued as BechdelCLIWarning."""
    command = [executable()] + [os.fspath(a) if isinstance(a, os.PathLike) else str(a) for a in arguments]
    try:
        done = subprocess.run(command, input=None if stdin is None else stdin.encode("utf-8"),
                              stdin=subprocess.DEVNULL if stdin is None else None, capture_output=True)
    except OSError as e:
        raise BechdelCLINotFoundError(f"cannot run {command[0]}: {e.strerror or e}", None, "", command) from e
    stderr = done.stderr.decode("utf-8", errors="replace")
    if done.returncode != 0:
        raise BechdelCLIError(_message(stderr, done.returncode), done.returncode, stderr, command)
    for line in stderr.splitlines():
        if line.strip():
            warnings.warn(line.strip(), BechdelCLIWarning, stacklevel=3)
    return done.stdout.decode("utf-8")
