"""JSON Schema of each knowledge file, generated from the same pydantic models the loader uses."""

from __future__ import annotations

import json
from pathlib import Path

from bot.knowledge.schema import FILE_MODELS


def schema_for(file_name: str) -> dict[str, object]:
    model = FILE_MODELS[file_name]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Twinning bot: knowledge/{file_name}"
    return schema


def write_schemas(target: Path) -> list[Path]:
    """Write `<name>.schema.json` for every knowledge file into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILE_MODELS:
        path = target / f"{Path(name).stem}.schema.json"
        path.write_text(
            json.dumps(schema_for(name), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        written.append(path)
    return written
