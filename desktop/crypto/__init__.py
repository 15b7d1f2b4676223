"""Keys, signing and sealing: identities (``keys``), the office-signed roster (``roster``),
panel packages (``package``), score bundles (``bundle``), classification on receipt
(``receive``), verified writes to removable media (``usb``), and the case file's key file
(``keyfile``). Typed errors are in ``errors``; the design is in docs of each module and in
``/work/shared/reference/security.md``.
"""
