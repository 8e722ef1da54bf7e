"""Reads the workshops out of the RCM source documents in `demo/seeds/`, word for word.

The first document holds seven workshops one after another, with no marks between them:
each starts at a known first line (see `demo/seeds/README.md`). Within a workshop the
lines are, in order, paragraphs of the general objective, the specific objectives and
paragraphs on the expected result; headings such as "Specific Objectives:" are structure.
The second document is a workshop proposal with headed sections.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"
OBJECTIVES_DOCUMENT = SEEDS_DIR / "000_e6fa82feaa632a33.txt"
PROPOSAL_DOCUMENT = SEEDS_DIR / "003_b00910f2562da102.txt"

HEADINGS = {
    "specific objectives:",
    "specific objectives",
    "objectives",
    "general objective:",
}
NUMBERED = re.compile(r"^\d+\.\s+")


class SeedFormatError(ValueError):
    """The source document does not have the structure the loader expects."""


@dataclass(frozen=True)
class WorkshopLayout:
    """Where one workshop of the objectives document starts, and how its lines divide."""

    first_words: str
    slug: str
    title: str
    theme: str  # the code of its theme in the shared list
    general_paragraphs: int
    specific_objectives: int
    outcome_paragraphs: int


LAYOUTS = [
    WorkshopLayout(
        "To promote dialogue among key stakeholders",
        "reintegration-of-returned-migrants",
        "Regional dialogue on the sustainable reintegration of returned migrants",
        "return-reintegration",
        1,
        0,
        1,
    ),
    WorkshopLayout(
        "That the authorities of the Member Countries may learn",
        "search-and-identification-of-missing-migrants",
        "Search mechanisms and forensic identification of missing migrants, "
        "and repatriation of remains",
        "missing-migrants",
        1,
        3,
        0,
    ),
    WorkshopLayout(
        "To analyze the relevance and feasibility",
        "recognition-and-certification-of-competencies",
        "Regional schemes for the recognition and certification of competencies",
        "skills-recognition",
        1,
        3,
        0,
    ),
    WorkshopLayout(
        "Publicize different models of promotion of enterprises",
        "enterprises-for-labour-insertion",
        "Promotion of enterprises, including the social and solidarity economy, "
        "for the labour insertion of refugees, migrants and returnees",
        "social-economy",
        1,
        2,
        0,
    ),
    WorkshopLayout(
        "OBJECTIVES",
        "migratory-flows-in-emergency-contexts",
        "Management of migratory flows in emergency contexts, especially health emergencies",
        "health-emergencies",
        2,
        3,
        1,
    ),
    WorkshopLayout(
        "General Objective:",
        "employment-advisors-occupational-profiles",
        "Strengthening the capacities of employment advisors to identify the "
        "occupational profiles of migrant populations",
        "labour-migration",
        1,
        3,
        0,
    ),
    WorkshopLayout(
        "To advance the exchange of experiences",
        "migrant-women-and-girls-in-mobility",
        "Attention to migrant women and girls in conditions of mobility",
        "gender",
        1,
        3,
        0,
    ),
]

RETURN_OF_MIGRANTS = WorkshopLayout(
    "Proposal for a Workshop on",
    "return-of-migrants-challenges-and-opportunities",
    "The Return of Migrants, Challenges and Opportunities",
    "return-reintegration",
    1,
    0,
    1,
)


@dataclass
class WorkshopSeed:
    layout: WorkshopLayout
    general_objective: list[str]
    specific_objectives: list[str]
    expected_outcome: list[str] = field(default_factory=list)
    background: list[str] = field(default_factory=list)
    methodology: list[str] = field(default_factory=list)


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def parse_objectives_document(path: Path = OBJECTIVES_DOCUMENT) -> list[WorkshopSeed]:
    lines = _lines(path)
    starts = []
    for layout in LAYOUTS:
        matches = [i for i, line in enumerate(lines) if line.startswith(layout.first_words)]
        if len(matches) != 1:
            raise SeedFormatError(
                f"{path.name}: expected one line starting {layout.first_words!r}, "
                f"found {len(matches)}."
            )
        starts.append(matches[0])
    if starts != sorted(starts) or starts[0] != 0:
        raise SeedFormatError(f"{path.name}: the workshops are not in the expected order.")

    seeds = []
    for index, layout in enumerate(LAYOUTS):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        block = [line for line in lines[starts[index] : end] if line.lower() not in HEADINGS]
        expected = (
            layout.general_paragraphs + layout.specific_objectives + layout.outcome_paragraphs
        )
        if len(block) != expected:
            raise SeedFormatError(
                f"{path.name}: the workshop starting {layout.first_words!r} has "
                f"{len(block)} paragraphs, expected {expected}."
            )
        general_end = layout.general_paragraphs
        specific_end = general_end + layout.specific_objectives
        seeds.append(
            WorkshopSeed(
                layout=layout,
                general_objective=block[:general_end],
                specific_objectives=[
                    NUMBERED.sub("", line) for line in block[general_end:specific_end]
                ],
                expected_outcome=block[specific_end:],
            )
        )
    return seeds


def parse_proposal_document(path: Path = PROPOSAL_DOCUMENT) -> WorkshopSeed:
    sections: dict[str, list[str]] = {}
    current = None
    for line in _lines(path):
        heading = line.rstrip(":").lower()
        if line.endswith(":") and heading in {"background", "objective", "methodology", "outcome"}:
            current = heading
            sections[current] = []
        elif current:
            sections[current].append(line)
    missing = {"background", "objective", "methodology", "outcome"} - sections.keys()
    if missing:
        raise SeedFormatError(f"{path.name}: missing sections {sorted(missing)}.")
    return WorkshopSeed(
        layout=RETURN_OF_MIGRANTS,
        general_objective=sections["objective"],
        specific_objectives=[],
        expected_outcome=sections["outcome"],
        background=sections["background"],
        methodology=sections["methodology"],
    )


def workshop_seeds() -> list[WorkshopSeed]:
    """The eight workshops of the source documents, in the order they appear."""
    return [*parse_objectives_document(), parse_proposal_document()]
