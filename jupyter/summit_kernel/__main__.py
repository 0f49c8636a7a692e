"""Starts the Summit kernel: `python -m summit_kernel -f CONNECTION_FILE`, as kernel.json says."""

from ipykernel.kernelapp import IPKernelApp

from .kernel import SummitKernel

IPKernelApp.launch_instance(kernel_class=SummitKernel)
