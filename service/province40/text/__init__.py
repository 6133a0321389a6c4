"""Thai and English text: normalisation (NFC, Thai digits) and word segmentation for search."""
