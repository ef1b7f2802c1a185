"""Code that runs inside the Voila server of `nnbuilder serve` (named by its generated config file).

Two hooks: a kernel manager that refuses to start more than `max_kernels` kernels at once
(the page asked for gets HTTP 503, "busy, try again in a minute"), and a pre-launch hook
that gives each page the `_xsrf` cookie its unload beacon sends back, so that Voila's
shut-down-on-close request passes the XSRF check instead of leaking the kernel.
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.web import HTTPError
from traitlets import Integer

BUSY_REASON = "Server busy, try again in a minute"  # the page shows only this
BUSY_MESSAGE = "{n} kernels are running, the most this server runs at once"


class BoundedKernelManager(AsyncMappingKernelManager):
    """A mapping kernel manager with at most `max_kernels` kernels, running or starting."""

    max_kernels = Integer(8, config=True, help="Most kernels alive at once (0: no limit); beyond it pages get 503.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting = 0
        self._stopping: set[str] = set()  # a reloaded page's old kernel must not make its new page "busy"

    def busy(self) -> bool:
        alive = len(self._kernels.keys() - self._stopping)
        return 0 < self.max_kernels <= alive + self._starting

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        self._stopping.add(kernel_id)
        try:
            return await super().shutdown_kernel(kernel_id, *args, **kwargs)
        finally:
            self._stopping.discard(kernel_id)

    async def start_kernel(self, *args, kernel_id=None, **kwargs):
        if kernel_id is not None and kernel_id in self:
            return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
        # The check and the reservation happen before any await: concurrent requests cannot both pass.
        if self.busy():
            self.log.warning(
                "Refused a kernel: %s kernels alive, the limit is %s", len(self._kernels), self.max_kernels
            )
            raise HTTPError(503, BUSY_MESSAGE.format(n=self.max_kernels), reason=BUSY_REASON)
        self._starting += 1
        try:
            return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
        finally:
            self._starting -= 1


def set_xsrf_cookie(handler, notebook=None, cwd=None):
    """Voila pre-launch hook: set the `_xsrf` cookie before the page's first byte is sent.

    Voila's page closes its kernel with a beacon POST carrying the `_xsrf` cookie's value,
    but Voila 0.5 never reads `handler.xsrf_token`, so no cookie is ever set and the POST is
    refused ("'_xsrf' argument missing"). Reading the token sets the cookie.
    """
    handler.xsrf_token  # noqa: B018 - the property sets the cookie
    return None
