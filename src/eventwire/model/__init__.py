"""The learned event coder: a fine-tuned MiniLM transformer run through onnxruntime.

:mod:`.labels` says what it predicts per word piece; :mod:`.coder` loads the committed
model (``data/models/coder``: ``model.onnx`` and its card) and reads sentences. Training
lives outside the package, in ``training/learn`` (``make train``).
"""
