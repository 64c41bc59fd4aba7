"""The README's "Use it in pytest" code is copied from the example tests: keep it so."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_every_python_block_of_the_pytest_section_is_an_example_that_runs():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Use it in pytest", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    examples = [p.read_text() for p in (ROOT / "tests" / "examples").glob("test_howto_*.py")]
    assert len(blocks) >= 5
    for block in blocks:
        assert any(block in example for example in examples), block[:200]


def test_readme_still_opens_with_the_server_and_the_test_commands():
    readme = (ROOT / "README.md").read_text()

    def first_command_under(heading):
        return re.search(r"```sh\n(.*?)```", readme.split(heading, 1)[1], re.DOTALL).group(1)

    assert (
        first_command_under("## Run the server")
        == "python3 -m pip install -e . && fakepush serve\n"
    )
    test_command = first_command_under("## Run the tests").strip()
    assert test_command.startswith("python3 -m pip install -e '.[test")
    assert test_command.endswith("&& python3 -m pytest")
    # CI must run exactly the README's test command (quiet pip aside).
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_command in [line.replace(" -q ", " ") for line in ci_lines]
    assert readme.index("## Run the tests") < readme.index("## Use it in pytest")


def test_every_python_block_of_the_docs_is_an_example_that_runs():
    examples = [p.read_text() for p in (ROOT / "tests" / "examples").glob("test_howto_*.py")]
    for doc, at_least in (("pytest.md", 2), ("sendbird.md", 1)):
        text = (ROOT / "docs" / doc).read_text()
        blocks = [b for b in re.findall(r"```python\n(.*?)```", text, re.DOTALL) if "def test_" in b and "import " in b]
        assert len(blocks) >= at_least, doc
        for block in blocks:
            assert any(block in example for example in examples), (doc, block[:200])
