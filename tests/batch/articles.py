"""Small made-up articles for batch tests (no licensed text): each differs in its numbers and place."""

from pathlib import Path

TEMPLATE = (
    "The city council of {town} voted {yes}-{no} on Tuesday to close the old ferry terminal by {year}. "
    "Mayor Ana Ruiz said the repairs would cost about {cost} million dollars, more than the town can pay. "
    "About {riders} people use the ferry every day, according to the harbour office. "
    "Opponents said they would collect signatures for a referendum before the end of the month."
)
TOWNS = ["Riverton", "Lakeside", "Millbrook", "Oakport", "Stonebridge", "Fairhaven", "Westwood", "Elmstead",
         "Brightwater", "Kingsford", "Ashby", "Redcliff"]  # fmt: skip


def article(i: int) -> str:
    return TEMPLATE.format(town=TOWNS[i % len(TOWNS)], yes=5 + i % 3, no=2 + i % 2, year=2027 + i % 4,
                           cost=10 + i, riders=300 + 25 * i)  # fmt: skip


def write_articles(directory: Path, count: int) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(count):
        name = f"article-{i:02d}.txt"
        (directory / name).write_text(article(i), encoding="utf-8")
        names.append(name)
    return names
