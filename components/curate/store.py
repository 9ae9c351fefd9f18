"""Saving drafts to the data folder: the one module that writes there, loaded only with the
curation switch on (``CC5_CURATE=1``).

A save takes a lock (``fcntl.flock`` on ``.curate.lock`` in the folder) so that two saves cannot
interleave; refuses when a file changed since the form was opened (its hash then and now); writes
each new file beside the old one, fsyncs it, keeps the previous file as ``<name>.bak`` and puts the
new one in place with ``os.replace``; appends the changelog entries to ``changes.csv`` the same
way. If anything fails, every file already replaced is written back as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from components.curate import csvtext
from components.curate.drafts import Draft, changelog_cells

LOCK = ".curate.lock"
CHANGES = "changes.csv"


class SaveError(Exception):
    """A save that did not happen, in plain words; the files are as they were."""


class ChangedUnderneath(SaveError):
    pass


def file_hash(path: Path) -> str:
    """sha256 of the file's bytes ("" when it does not exist)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


@contextlib.contextmanager
def locked(data_dir: Path) -> Iterator[None]:
    with open(data_dir / LOCK, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _mode_of(path: Path) -> int:
    """The permission bits a file written in place of ``path`` gets: its own, or for a new file
    what the process's umask gives (as ``open`` would), never mkstemp's 0600."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_beside(path: Path, data: bytes, mode: int | None = None) -> Path:
    """The bytes in a new temporary file in the same folder, flushed to disk, with ``path``'s
    permission bits (or ``mode``); its path."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _mode_of(path) if mode is None else mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _sync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def new_texts(data_dir: Path, drafts: Sequence[Draft], day: str) -> dict[str, str]:
    """File name -> its new text with every draft and its changelog entry applied."""
    texts: dict[str, str] = {}

    def text(name: str) -> str:
        if name not in texts:
            texts[name] = (data_dir / name).read_bytes().decode("utf-8")
        return texts[name]

    for d in drafts:
        texts[d.path] = csvtext.with_row(text(d.path), d.as_dict(), d.key, d.replaces)
    for d in drafts:
        texts[CHANGES] = csvtext.with_row(text(CHANGES), changelog_cells(d, day), in_order=False)
    return texts


def save(data_dir: Path, drafts: Sequence[Draft], expected: Mapping[str, str], day: str) -> list[str]:
    """Write the drafts and their changelog entries; the names of the files written.

    ``expected``: file name -> its hash when the form was opened; a file whose hash differs now
    raises :class:`ChangedUnderneath` and nothing is written. Any OSError raises
    :class:`SaveError` with every file as it was before."""
    data_dir = Path(data_dir)
    if not drafts:
        raise SaveError("There is nothing to save.")
    with locked(data_dir):
        for name, before in expected.items():
            if file_hash(data_dir / name) != before:
                raise ChangedUnderneath(
                    f"{name} was changed by someone else since this form was opened; nothing was saved. "
                    "Reload the form to start from the current file and enter the change again."
                )
        try:
            texts = new_texts(data_dir, drafts, day)
        except KeyError as exc:
            raise ChangedUnderneath(f"the row {exc} is no longer in the file; nothing was saved.") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise SaveError(f"the data files could not be read ({_why(exc)}); nothing was saved.") from None
        _replace_all(data_dir, texts)
    return sorted(texts)


def _replace_all(data_dir: Path, texts: Mapping[str, str]) -> None:
    originals: dict[str, bytes] = {}
    temps: dict[str, Path] = {}
    done: list[str] = []
    try:
        for name, text in texts.items():
            path = data_dir / name
            originals[name] = path.read_bytes()
            temps[name] = _write_beside(path, text.encode("utf-8"))
        for name in texts:  # the previous files, kept until the next save
            backup = data_dir / f"{name}.bak"
            os.replace(_write_beside(backup, originals[name], _mode_of(data_dir / name)), backup)
        for name in texts:
            os.replace(temps.pop(name), data_dir / name)
            done.append(name)
        _sync_dir(data_dir)
    except OSError as exc:
        for name in done:  # put back what was already replaced
            _restore(data_dir / name, originals[name])
        raise SaveError(f"the files could not be written ({_why(exc)}); nothing was changed.") from None
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        for leftover in data_dir.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)


def _restore(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:  # in place: the one path that cannot fail half-way for lack of rename
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _why(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or exc.__class__.__name__
