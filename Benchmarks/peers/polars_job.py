"""polars peer of the LegiSurvey benchmark.

Reads an inbox of survey submissions (ODK XForm instances with lxml into a DataFrame, wide CSV
files with scan_csv), resolves countries to ISO alpha-3 and answers written as labels to choice
codes, and writes the share of respondents choosing each option of every choice question, per
round, for the world and each M49 region (one row per round x question x option x group).
The whole computation is one lazy query.

    python polars_job.py --questionnaire Q.yml --reference R.yml --input DIR --output OUT.csv [--pipeline P.yml]
"""

import sys
from pathlib import Path

import polars as pl

import common

ID_FIELDS = common.ID_FIELDS


def read_xforms(paths, fields, multiple):
    """One record per XForm instance (common.xform_records: lxml), as a frame of strings."""
    records = common.xform_records(paths, fields, multiple)
    return pl.DataFrame(records, schema={name: pl.String for name in ID_FIELDS + fields})


def main():
    args = common.parse_args(__doc__.splitlines()[0])
    questionnaire = common.load_questionnaire(args.questionnaire)
    countries = common.load_countries(args.reference, args.pipeline)
    multiple = questionnaire.of_type("multiple_choice")

    inbox = Path(args.input)
    xforms = read_xforms(sorted(inbox.rglob("*.xml")), questionnaire.fields, multiple).lazy()
    csvs = pl.scan_csv(sorted(inbox.rglob("*.csv")), infer_schema=False)

    country_keys = pl.LazyFrame(
        {"key": list(countries.keys), "iso3": list(countries.keys.values())}
    ).join(
        pl.LazyFrame({"iso3": list(countries.region), "region": list(countries.region.values())}), on="iso3", how="left"
    )
    labels = pl.LazyFrame(
        [(qid, key, code) for (qid, key), code in questionnaire.labels.items()],
        schema=["question_id", "key", "code"],
        orient="row",
    )

    def folded(column):
        return pl.col(column).str.strip_chars().str.to_lowercase()

    submissions = (
        pl.concat([xforms, csvs], how="diagonal")
        .with_columns(key=folded("country"))
        .join(country_keys, on="key")  # unresolved countries drop out
    )
    answers = (
        submissions.unpivot(
            on=questionnaire.choice_questions,
            index=["round", "respondent_id", "region"],
            variable_name="question_id",
            value_name="value",
        )
        .drop_nulls("value")
        .with_columns(
            pl.when(pl.col("question_id").is_in(multiple))
            .then(pl.col("value").str.split("|"))
            .otherwise(pl.concat_list("value"))
            .alias("value")
        )
        .explode("value")
        .with_columns(key=folded("value"))
        .join(labels, on=["question_id", "key"])
        .select("round", "respondent_id", "region", "question_id", "code")
        .unique()
    )
    selected = pl.concat(
        [
            answers,
            answers.filter(
                pl.col("question_id").is_in(questionnaire.of_type("legal_form"))
                & pl.col("code").is_in(common.ANY_FORM_CODES)
            ).with_columns(code=pl.lit(common.ANY_FORM)),
        ]
    ).unique().rename({"code": "option"})

    def by_group(frame):
        """Each row once for the world and once for its respondent's region."""
        world = frame.with_columns(group_type=pl.lit("world"), group_code=pl.lit("001"))
        regional = frame.drop_nulls("region").with_columns(group_type=pl.lit("region"), group_code=pl.col("region"))
        return pl.concat([world, regional])

    keys = ["round", "question_id", "group_type", "group_code"]
    n_answered = by_group(answers).group_by(keys).agg(n_answered=pl.col("respondent_id").n_unique())
    # The rule for "don't know" answers: substantive shares count the respondents that selected
    # something other than a don't-know option.
    dont_know = pl.LazyFrame(
        {"question_id": [q for q, _ in questionnaire.dont_know], "code": [c for _, c in questionnaire.dont_know]},
        schema={"question_id": pl.String, "code": pl.String},
    )
    n_substantive = (
        by_group(answers.join(dont_know, on=["question_id", "code"], how="anti"))
        .group_by(keys)
        .agg(n_substantive=pl.col("respondent_id").n_unique())
    )
    n_option = by_group(selected).group_by(keys + ["option"]).agg(n_option=pl.len())

    # Every round x question x option x group, also those nobody chose.
    question_order = {q: i for i, q in enumerate(questionnaire.fields)}
    options = pl.LazyFrame(
        {
            "question_id": [q for q, _ in questionnaire.options],
            "option": [o for _, o in questionnaire.options],
            "question_order": [question_order[q] for q, _ in questionnaire.options],
            "option_order": list(range(len(questionnaire.options))),
            "is_dont_know": [option in questionnaire.dont_know for option in questionnaire.options],
        }
    )
    groups = pl.LazyFrame(
        {
            "group_type": [t for t, _ in common.GROUPS],
            "group_code": [c for _, c in common.GROUPS],
            "group_order": list(range(len(common.GROUPS))),
        }
    )
    grid = submissions.select("round").unique().join(options, how="cross").join(groups, how="cross")

    table = (
        grid.join(n_answered, on=keys, how="left")
        .join(n_substantive, on=keys, how="left")
        .join(n_option, on=keys + ["option"], how="left")
        .with_columns(pl.col("n_answered", "n_substantive", "n_option").fill_null(0))
        .with_columns(
            n_responding=pl.when(pl.col("is_dont_know")).then(pl.col("n_answered")).otherwise(pl.col("n_substantive"))
        )
        .with_columns(
            percent=pl.when(pl.col("n_responding") >= common.SUPPRESS_BELOW).then(
                100 * pl.col("n_option") / pl.col("n_responding")
            )
        )
        .sort("round", "question_order", "group_order", "option_order")
        .select(common.OUTPUT_COLUMNS)
        .collect()
    )

    written = common.write_output(args.output, table.iter_rows())
    print(f"polars: {written} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
