"""大同市“两山七河一流域”生态保护重点项目管理。"""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("datong-portfolio")
except _metadata.PackageNotFoundError:  # running from a source tree that was not pip-installed
    __version__ = "0.0.0+source"
