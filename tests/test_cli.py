"""The command line as a user meets it: usage errors, version, options that mean the same everywhere."""

import json

import pytest
from conftest import SEEDS, run_mt

from mt.cli import build_parser


@pytest.mark.parametrize(
    "command",
    [
        ["translate", "-"],
        ["serve"],
        ["eval", "--testset", "lavrov-talks", "--model", "x"],
        ["bench", "--model", "x", "--testset", "lavrov-talks"],
    ],
)
def test_beam_zero_is_a_usage_error_everywhere(command):
    result = run_mt(*command, "--beam", "0")
    assert result.returncode == 2
    assert "--beam: must be at least 1, not 0" in result.stderr and "Traceback" not in result.stderr


def test_version_ends_with_a_newline():
    from mt.version import __version__

    assert run_mt("--version").stdout == f"mt {__version__}\n"


def test_json_and_output_options_mean_the_same_in_every_command(tmp_path):
    parser = build_parser()
    bench = parser.parse_args(["bench", "--model", "m", "--testset", "t", "-o", str(tmp_path), "--json"])
    assert bench.output == tmp_path and bench.json is True
    evaluation = parser.parse_args(["eval", "--hyp", "h", "--ref", "r", "--json"])
    assert evaluation.json is True
    translate = parser.parse_args(["translate", "a.txt", "-o", str(tmp_path), "--log-level", "info", "--log-json"])
    assert translate.output == tmp_path and translate.log_level == "info" and translate.log_json
    with pytest.raises(SystemExit):
        parser.parse_args(["bench", "--model", "m", "--testset", "t", "--out-dir", "x"])


def test_a_malformed_rule_file_is_one_error_line(tmp_path, monkeypatch):
    from mt.check.checks import calques
    from mt.plugins import rulefiles

    (tmp_path / "calques.toml").write_text('[[rule]]\nid = "x"\npattern = "(unclosed"\n', encoding="utf-8")
    monkeypatch.setenv("MT_RULES_DIR", str(tmp_path))
    rulefiles.load_rules.cache_clear()
    calques.rules.cache_clear()
    try:
        with pytest.raises(rulefiles.RuleFileError, match="calques.toml: rule 'x' has no 'message'"):
            calques.rules()
        (tmp_path / "calques.toml").write_text("[[rule]\nid = 'x'\n", encoding="utf-8")
        rulefiles.load_rules.cache_clear()
        with pytest.raises(rulefiles.RuleFileError, match=r"calques.toml: not a valid rule file: .*line 1"):
            calques.rules()
        (tmp_path / "calques.toml").write_text('[[rule]]\nid = "x"\npattern = "(unclosed"\nmessage = "m"\n')
        rulefiles.load_rules.cache_clear()
        with pytest.raises(rulefiles.RuleFileError, match="bad pattern"):
            calques.rules()
    finally:
        monkeypatch.delenv("MT_RULES_DIR")
        rulefiles.load_rules.cache_clear()
        calques.rules.cache_clear()


def test_check_and_fix_through_the_cli(tmp_path):
    result = run_mt("check", SEEDS / "lavrov-talks.de.txt", "--format", "json", "--checks", "spaced-hyphen")
    assert result.returncode == 0, result.stderr
    assert {f["check"] for f in json.loads(result.stdout)["flags"]} == {"spaced-hyphen"}
    unknown = run_mt("check", SEEDS / "lavrov-talks.de.txt", "--checks", "spaced-hyphen,speling")
    assert unknown.returncode == 2 and "unknown check speling" in unknown.stderr
    fixed = run_mt("fix", "-", stdin="Die US -Regierung reagierte .")
    assert fixed.stdout == "Die US-Regierung reagierte.\n" and "2 safe corrections applied" in fixed.stderr


def test_translate_takes_json_as_the_top_level_help_promises():
    args = build_parser().parse_args(["translate", "a.txt", "--json"])
    assert args.format == "jsonl"


def test_each_users_action_has_its_own_help():
    enable, disable = run_mt("users", "enable", "--help").stdout, run_mt("users", "disable", "--help").stdout
    assert "enable a disabled account again" in enable.lower() and "disable an account" in disable.lower()
    assert enable != disable


def test_check_prints_line_and_column_as_compilers_do(tmp_path):
    (tmp_path / "a.txt").write_text("Erste Zeile.\nDie US -Regierung reagierte.\n", encoding="utf-8")
    report = run_mt("check", tmp_path / "a.txt", "--checks", "spaced-hyphen").stdout
    assert f"{tmp_path / 'a.txt'}:2:5: spacing (spaced-hyphen):" in report


def test_the_bench_plots_labels_stay_inside_its_axes():
    from mt.evaluation.benchmark import BenchResult, figure_of

    def run(backend: str, speed: float, bleu: float) -> BenchResult:
        return BenchResult(
            "a-rather-long-model-name", "newstest2019", 2000, False, {"beam": 4}, backend, "cpu", bleu, 0.5, 40.0,
            0.4, {}, "mt:0", 10.0, 1.0, 30.0, speed, 1000, 500.0, 0,
        )  # fmt: skip

    figure = figure_of([run("ctranslate2", 900.0, 16.0), run("transformers", 150.0, 15.2)])
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    axes = figure.axes[0].get_window_extent(renderer)
    for text in figure.axes[0].texts:
        box = text.get_window_extent(renderer)
        assert axes.x0 <= box.x0 and box.x1 <= axes.x1 and axes.y0 <= box.y0 and box.y1 <= axes.y1, text.get_text()
