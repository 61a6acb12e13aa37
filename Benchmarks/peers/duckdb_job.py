"""DuckDB peer of the LegiSurvey benchmark.

Reads an inbox of survey submissions (wide CSV files with read_csv over a glob, ODK XForm
instances with lxml into an Arrow table), resolves countries to ISO alpha-3 and answers written
as labels to choice codes through joined lookup tables, and computes in SQL the share of
respondents choosing each option of every choice question, per round, for the world and each M49
region (GROUPING SETS; one row per round x question x option x group).

    python duckdb_job.py --questionnaire Q.yml --reference R.yml --input DIR --output OUT.csv [--pipeline P.yml]
"""

import sys
from pathlib import Path

import duckdb
import pyarrow as pa

import common

ID_FIELDS = common.ID_FIELDS


def read_xforms(paths, fields, multiple):
    """One record per XForm instance (common.xform_records: lxml), as a frame of strings."""
    records = common.xform_records(paths, fields, multiple)
    return pa.Table.from_pylist(records, schema=pa.schema([(name, pa.string()) for name in ID_FIELDS + fields]))


def table(**columns):
    return pa.table(columns)


QUERY = """
WITH submissions AS (
    SELECT * FROM read_csv($csv_glob, all_varchar = true, header = true, delim = ',', quote = '"')
    UNION ALL BY NAME
    SELECT * FROM xforms
),
resolved AS (
    SELECT s.*, c.iso3, r.region
    FROM submissions s
    JOIN country_keys c ON c.key = lower(trim(s.country))
    LEFT JOIN country_regions r USING (iso3)
),
long AS (
    UNPIVOT (SELECT round, respondent_id, region, {choice_columns} FROM resolved)
    ON {choice_columns} INTO NAME question_id VALUE value
),
pieces AS (
    SELECT round, respondent_id, region, question_id,
           lower(trim(unnest(CASE WHEN q.type = 'multiple_choice' THEN string_split(value, '|') ELSE [value] END))) AS key
    FROM long JOIN questions q USING (question_id)
),
answers AS (
    SELECT DISTINCT round, respondent_id, region, question_id, l.code
    FROM pieces JOIN labels l USING (question_id, key)
),
selected AS (
    SELECT round, respondent_id, region, question_id, code AS option FROM answers
    UNION
    SELECT a.round, a.respondent_id, a.region, a.question_id, 'any_form'
    FROM answers a JOIN questions q USING (question_id)
    WHERE q.type = 'legal_form' AND a.code IN ('cyber_specific', 'general')
),
responding AS (
    SELECT round, question_id,
           CASE WHEN grouping(region) = 1 THEN 'world' ELSE 'region' END AS group_type,
           CASE WHEN grouping(region) = 1 THEN '001' ELSE region END AS group_code,
           count(DISTINCT respondent_id) AS n_answered,
           -- the rule for "don't know" answers: substantive shares leave out respondents that
           -- selected only don't-know options
           count(DISTINCT respondent_id) FILTER (WHERE d.code IS NULL) AS n_substantive
    FROM answers LEFT JOIN dont_know d USING (question_id, code)
    GROUP BY GROUPING SETS ((round, question_id), (round, question_id, region))
    HAVING grouping(region) = 1 OR region IS NOT NULL
),
chosen AS (
    SELECT round, question_id, option,
           CASE WHEN grouping(region) = 1 THEN 'world' ELSE 'region' END AS group_type,
           CASE WHEN grouping(region) = 1 THEN '001' ELSE region END AS group_code,
           count(*) AS n_option
    FROM selected
    GROUP BY GROUPING SETS ((round, question_id, option), (round, question_id, option, region))
    HAVING grouping(region) = 1 OR region IS NOT NULL
),
grid AS (  -- every round x question x option x group, also those nobody chose
    SELECT * FROM (SELECT DISTINCT round FROM resolved) CROSS JOIN options CROSS JOIN groups
)
SELECT round, question_id, option, group_type, group_code,
       coalesce(n_responding, 0) AS n_responding,
       coalesce(n_option, 0) AS n_option,
       CASE WHEN n_responding >= $suppress_below THEN 100 * coalesce(n_option, 0) / n_responding END AS percent
FROM (
    SELECT grid.*, chosen.n_option,
           CASE WHEN grid.is_dont_know THEN responding.n_answered ELSE responding.n_substantive END AS n_responding
    FROM grid
    LEFT JOIN responding USING (round, question_id, group_type, group_code)
    LEFT JOIN chosen USING (round, question_id, option, group_type, group_code)
)
ORDER BY round, question_order, group_order, option_order
"""


def main():
    args = common.parse_args(__doc__.splitlines()[0])
    questionnaire = common.load_questionnaire(args.questionnaire)
    countries = common.load_countries(args.reference, args.pipeline)
    inbox = Path(args.input)

    con = duckdb.connect()
    con.register(
        "xforms",
        read_xforms(sorted(inbox.rglob("*.xml")), questionnaire.fields, questionnaire.of_type("multiple_choice")),
    )
    con.register("country_keys", table(key=list(countries.keys), iso3=list(countries.keys.values())))
    con.register("country_regions", table(iso3=list(countries.region), region=list(countries.region.values())))
    choice_questions = questionnaire.choice_questions
    con.register(
        "questions",
        table(question_id=choice_questions, type=[questionnaire.types[q] for q in choice_questions]),
    )
    con.register(
        "labels",
        table(
            question_id=[q for q, _ in questionnaire.labels],
            key=[k for _, k in questionnaire.labels],
            code=list(questionnaire.labels.values()),
        ),
    )
    question_order = {q: i for i, q in enumerate(questionnaire.fields)}
    con.register(
        "options",
        table(
            question_id=[q for q, _ in questionnaire.options],
            option=[o for _, o in questionnaire.options],
            question_order=[question_order[q] for q, _ in questionnaire.options],
            option_order=list(range(len(questionnaire.options))),
            is_dont_know=[option in questionnaire.dont_know for option in questionnaire.options],
        ),
    )
    con.register(
        "dont_know",
        pa.table({
            "question_id": pa.array([q for q, _ in questionnaire.dont_know], type=pa.string()),
            "code": pa.array([c for _, c in questionnaire.dont_know], type=pa.string()),
        }),
    )
    con.register(
        "groups",
        table(
            group_type=[t for t, _ in common.GROUPS],
            group_code=[c for _, c in common.GROUPS],
            group_order=list(range(len(common.GROUPS))),
        ),
    )

    query = QUERY.format(choice_columns=", ".join(f'"{q}"' for q in choice_questions))
    parameters = {"csv_glob": str(inbox / "**" / "*.csv"), "suppress_below": common.SUPPRESS_BELOW}
    rows = con.execute(query, parameters).fetchall()
    written = common.write_output(args.output, rows)
    print(f"duckdb: {written} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
