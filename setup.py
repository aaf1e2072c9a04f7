"""Build hook (the rest is in pyproject.toml): the repository's top-level ``resources/`` and ``seeds/``
go into the wheel as package data, ``forms/_data/resources`` and ``forms/_data/seeds``, where
:mod:`forms.locations` finds them. An editable install reads them from the checkout instead.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("resources", "seeds")


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for name in SHIPPED:
            target = Path(self.build_lib, "forms", "_data", name)
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / name, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if not self.editable_mode:
            for name in SHIPPED:
                outputs += [str(Path(self.build_lib, "forms", "_data", name, p.relative_to(ROOT / name)))
                            for p in sorted((ROOT / name).rglob("*")) if p.is_file()]
        return outputs


setup(cmdclass={"build_py": BuildPyWithData})
