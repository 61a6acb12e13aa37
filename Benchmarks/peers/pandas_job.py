"""pandas peer of the LegiSurvey benchmark.

Reads an inbox of survey submissions (ODK XForm instances with lxml, wide CSV files with
read_csv), resolves countries to ISO alpha-3 and answers written as labels to choice codes, and
writes the share of respondents choosing each option of every choice question, per round, for
the world and each M49 region (one row per round x question x option x group).

    python pandas_job.py --questionnaire Q.yml --reference R.yml --input DIR --output OUT.csv [--pipeline P.yml]
"""

import sys
from pathlib import Path

import pandas as pd

import common

ID_FIELDS = common.ID_FIELDS


def read_xforms(paths, fields, multiple):
    """One record per XForm instance (common.xform_records: lxml), as a frame of strings."""
    records = common.xform_records(paths, fields, multiple)
    return pd.DataFrame.from_records(records, columns=ID_FIELDS + fields)


def read_csvs(paths):
    frames = [pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""]) for path in paths]
    return pd.concat(frames, ignore_index=True)


def main():
    args = common.parse_args(__doc__.splitlines()[0])
    questionnaire = common.load_questionnaire(args.questionnaire)
    countries = common.load_countries(args.reference, args.pipeline)
    choice_ids = questionnaire.choice_questions
    multiple = questionnaire.of_type("multiple_choice")

    inbox = Path(args.input)
    submissions = pd.concat(
        [
            read_xforms(sorted(inbox.rglob("*.xml")), questionnaire.fields, multiple),
            read_csvs(sorted(inbox.rglob("*.csv"))),
        ],
        ignore_index=True,
    )
    submissions["iso3"] = submissions["country"].str.strip().str.lower().map(countries.keys)
    submissions = submissions.dropna(subset=["iso3"])
    submissions["region"] = submissions["iso3"].map(countries.region)
    rounds = sorted(submissions["round"].unique())

    # Long format: one row per respondent, question and selected value.
    long = submissions.melt(
        id_vars=["round", "respondent_id", "region"], value_vars=choice_ids, var_name="question_id", value_name="value"
    ).dropna(subset=["value"])
    is_multiple = long["question_id"].isin(multiple)
    long = pd.concat(
        [long[~is_multiple], long[is_multiple].assign(value=long["value"].str.split("|")).explode("value")],
        ignore_index=True,
    )
    long["key"] = long["value"].str.strip().str.lower()

    labels = pd.DataFrame(
        [(qid, key, code) for (qid, key), code in questionnaire.labels.items()], columns=["question_id", "key", "code"]
    )
    answers = long.merge(labels, on=["question_id", "key"]).drop_duplicates(
        ["round", "respondent_id", "question_id", "code"]
    )[["round", "respondent_id", "region", "question_id", "code"]]

    legal_any = answers["question_id"].isin(questionnaire.of_type("legal_form")) & answers["code"].isin(
        common.ANY_FORM_CODES
    )
    selected = pd.concat([answers, answers[legal_any].assign(code=common.ANY_FORM)]).drop_duplicates()
    selected = selected.rename(columns={"code": "option"})

    def by_group(frame):
        """Each row once for the world and once for its respondent's region."""
        world = frame.assign(group_type="world", group_code="001")
        regional = frame.dropna(subset=["region"]).assign(group_type="region", group_code=lambda d: d["region"])
        return pd.concat([world, regional], ignore_index=True)

    keys = ["round", "question_id", "group_type", "group_code"]
    n_answered = by_group(answers).groupby(keys)["respondent_id"].nunique().rename("n_answered").reset_index()
    # The rule for "don't know" answers: substantive shares count the respondents that selected
    # something other than a don't-know option.
    dont_know = pd.Series([(q, c) in questionnaire.dont_know for q, c in zip(answers["question_id"], answers["code"])],
                          index=answers.index, dtype=bool)
    n_substantive = (
        by_group(answers[~dont_know]).groupby(keys)["respondent_id"].nunique().rename("n_substantive").reset_index()
    )
    n_option = by_group(selected).groupby(keys + ["option"]).size().rename("n_option").reset_index()

    # Every round x question x option x group, also those nobody chose.
    options = pd.DataFrame(questionnaire.options, columns=["question_id", "option"])
    options["option_order"] = range(len(options))
    options["question_order"] = options["question_id"].map({q: i for i, q in enumerate(questionnaire.fields)})
    groups = pd.DataFrame(common.GROUPS, columns=["group_type", "group_code"])
    groups["group_order"] = range(len(groups))
    grid = pd.DataFrame({"round": rounds}).merge(options, how="cross").merge(groups, how="cross")

    table = (
        grid.merge(n_answered, on=keys, how="left")
        .merge(n_substantive, on=keys, how="left")
        .merge(n_option, on=keys + ["option"], how="left")
    )
    table[["n_answered", "n_substantive", "n_option"]] = (
        table[["n_answered", "n_substantive", "n_option"]].fillna(0).astype("int64")
    )
    is_dont_know = [(q, o) in questionnaire.dont_know for q, o in zip(table["question_id"], table["option"])]
    table["n_responding"] = table["n_answered"].where(is_dont_know, table["n_substantive"])
    table["percent"] = (100 * table["n_option"] / table["n_responding"]).where(
        table["n_responding"] >= common.SUPPRESS_BELOW
    )
    table = table.sort_values(["round", "question_order", "group_order", "option_order"])

    written = common.write_output(args.output, table[common.OUTPUT_COLUMNS].itertuples(index=False, name=None))
    print(f"pandas: {len(submissions)} submissions, {len(answers)} answers, {written} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
