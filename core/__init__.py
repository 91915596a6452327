"""What every app shares and no app owns: domain errors, the locked edit, history writes, form
and page helpers, keyset pages, dates, and the registries through which lower apps learn about
higher ones. It imports no app of the product (see ../shared/ARCHITECTURE.md, layer 0)."""
