//! `window(time, windowDuration[, slideDuration[, startTime]])` in a select list or grouping
//! (Spark's `TimeWindowing` rule): the input gains a `window` struct column `<start, end>`
//! and the call becomes a reference to it. A tumbling window drops rows whose time is NULL; a
//! sliding window repeats each row for its `ceil(window / slide)` candidate windows and keeps
//! those that contain the time (Spark's `Expand` + `Filter`).

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, AsArray, StructArray, TimestampMicrosecondArray};
use datafusion::arrow::datatypes::{
    DataType as ArrowType, Field, Fields, TimeUnit, TimestampMicrosecondType,
};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::functions::core::expr_fn::get_field;
use datafusion::functions_nested::expr_fn::make_array;
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, LogicalPlan, LogicalPlanBuilder, ScalarFunctionArgs, ScalarUDF,
    ScalarUDFImpl, Signature, Volatility, col,
};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{Expr, Literal};
use sabot_common::{Result, SparkError};

use super::expressions::Scope;
use super::relations::builder_build;

const WINDOW_COL: &str = "window";

/// The first call of the function `name` in an expression, looking into calls, aliases,
/// casts and field extraction (also used for `session_window`).
pub(super) fn find_call<'e>(e: &'e Expr, name: &str) -> Option<&'e Expr> {
    match e {
        Expr::Function { name: n, .. } if n.eq_ignore_ascii_case(name) => Some(e),
        Expr::Function { args, .. } => args.iter().find_map(|a| find_call(a, name)),
        Expr::Alias { expr, .. } | Expr::Cast { expr, .. } => find_call(expr, name),
        Expr::ExtractValue { child, extraction } => {
            find_call(child, name).or_else(|| find_call(extraction, name))
        }
        _ => None,
    }
}

fn find(e: &Expr) -> Option<&Expr> {
    find_call(e, "window")
}

/// `e` with every occurrence of `target` replaced by a reference to `column`.
pub(super) fn replace_with_column(e: &Expr, target: &Expr, column: &str) -> Expr {
    if e == target {
        return Expr::col(column);
    }
    let replace = |x: &Expr| replace_with_column(x, target, column);
    match e {
        Expr::Function {
            name,
            args,
            distinct,
            filter,
        } => Expr::Function {
            name: name.clone(),
            args: args.iter().map(replace).collect(),
            distinct: *distinct,
            filter: filter.clone(),
        },
        Expr::Alias {
            expr,
            names,
            metadata,
        } => Expr::Alias {
            expr: Box::new(replace(expr)),
            names: names.clone(),
            metadata: metadata.clone(),
        },
        Expr::Cast {
            expr,
            data_type,
            mode,
        } => Expr::Cast {
            expr: Box::new(replace(expr)),
            data_type: data_type.clone(),
            mode: *mode,
        },
        Expr::ExtractValue { child, extraction } => Expr::ExtractValue {
            child: Box::new(replace(child)),
            extraction: Box::new(replace(extraction)),
        },
        other => other.clone(),
    }
}

/// `DATATYPE_MISMATCH.PARAMETER_CONSTRAINT_VIOLATION` (Spark's `TimeWindow.checkInputDataTypes`).
fn window_error(message: String) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.PARAMETER_CONSTRAINT_VIOLATION",
        "42K09",
        format!("Cannot resolve \"window\" due to data type mismatch: {message}."),
    )
}

/// Spark's `TimeWindow.getIntervalInMicroSeconds`: an interval string of weeks, days and
/// smaller units (`10 minutes`, `1 day 2 hours`, `interval 1 week`).
pub(crate) fn duration_micros(text: &str) -> Result<i64> {
    let invalid = || {
        SparkError::with_class(
            ExceptionKind::Analysis,
            "CANNOT_PARSE_INTERVAL",
            "22006",
            format!("Unable to parse {text}. Please ensure that the value provided is in a valid format for defining an interval. You can reference the documentation for the correct format. If the issue persists, please double check that the input value is not null or empty and try again."),
        )
        .param("intervalString", text)
    };
    let lower = text.trim().to_ascii_lowercase();
    let body = lower.strip_prefix("interval").unwrap_or(&lower);
    let words: Vec<&str> = body.split_whitespace().collect();
    if words.is_empty() || !words.len().is_multiple_of(2) {
        return Err(invalid());
    }
    let mut total: i64 = 0;
    for pair in words.chunks(2) {
        let n: f64 = pair[0].parse().map_err(|_| invalid())?;
        let per: f64 = match pair[1].trim_end_matches('s') {
            "week" => 7.0 * 86_400e6,
            "day" => 86_400e6,
            "hour" => 3_600e6,
            "minute" => 60e6,
            "second" => 1e6,
            "millisecond" => 1e3,
            "microsecond" => 1.0,
            "month" | "year" => {
                // Spark raises this one without a SQLSTATE.
                let mut e = SparkError::with_class(
                    ExceptionKind::IllegalArgument,
                    "_LEGACY_ERROR_TEMP_3231",
                    "",
                    format!("Intervals greater than a month is not supported ({text})."),
                );
                e.sql_state = None;
                return Err(e);
            }
            _ => return Err(invalid()),
        };
        total = total
            .checked_add((n * per).round() as i64)
            .ok_or_else(invalid)?;
    }
    Ok(total)
}

fn literal_duration(e: Option<&Expr>, default: i64) -> Result<i64> {
    match e {
        None => Ok(default),
        Some(Expr::Literal(Literal::String(s))) => duration_micros(s),
        Some(Expr::Alias { expr, .. }) => literal_duration(Some(expr), default),
        Some(_) => Err(SparkError::unsupported(
            "`window` durations other than interval strings",
        )),
    }
}

/// Computes window `index` (0 = the latest start) for each time value.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct WindowBounds {
    window: i64,
    slide: i64,
    start: i64,
    index: i64,
    ts_type: ArrowType,
    signature: Signature,
}

impl WindowBounds {
    fn fields(&self) -> Fields {
        Fields::from(vec![
            Field::new("start", self.ts_type.clone(), true),
            Field::new("end", self.ts_type.clone(), true),
        ])
    }

    /// Spark's `TimeWindowing.getWindow`, with a non-negative remainder.
    fn bounds(&self, ts: i64) -> Option<(i64, i64)> {
        let remainder = ts.checked_sub(self.start)?.rem_euclid(self.slide);
        let start = ts
            .checked_sub(remainder)?
            .checked_sub(self.index.checked_mul(self.slide)?)?;
        Some((start, start.checked_add(self.window)?))
    }
}

impl ScalarUDFImpl for WindowBounds {
    fn name(&self) -> &str {
        "spark_time_window"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Struct(self.fields()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let a = args.args[0].to_array(args.number_rows)?;
        let ts = a.as_primitive::<TimestampMicrosecondType>();
        let bounds: Vec<Option<(i64, i64)>> =
            ts.iter().map(|v| v.and_then(|t| self.bounds(t))).collect();
        let tz = match &self.ts_type {
            ArrowType::Timestamp(_, tz) => tz.clone(),
            _ => None,
        };
        let starts = TimestampMicrosecondArray::from(
            bounds.iter().map(|b| b.map(|b| b.0)).collect::<Vec<_>>(),
        )
        .with_timezone_opt(tz.clone());
        let ends = TimestampMicrosecondArray::from(
            bounds.iter().map(|b| b.map(|b| b.1)).collect::<Vec<_>>(),
        )
        .with_timezone_opt(tz);
        let nulls = datafusion::arrow::buffer::NullBuffer::from(
            bounds.iter().map(Option::is_some).collect::<Vec<_>>(),
        );
        let out = StructArray::try_new(
            self.fields(),
            vec![Arc::new(starts) as ArrayRef, Arc::new(ends) as ArrayRef],
            Some(nulls),
        )?;
        let out: ArrayRef = Arc::new(out);
        if matches!(args.args[0], ColumnarValue::Scalar(_)) {
            return Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?));
        }
        Ok(ColumnarValue::Array(out))
    }
}

impl super::Resolver<'_> {
    /// [`rewrite`] over this resolver's scope of `input`.
    pub(super) fn time_windows(
        &self,
        input: LogicalPlan,
        exprs: &[&Expr],
    ) -> Result<(LogicalPlan, Option<Vec<Expr>>)> {
        if !exprs.iter().any(|e| find(e).is_some()) {
            return Ok((input, None));
        }
        let schema = Arc::clone(input.schema());
        let scope = Scope::new(&schema, self.conf, &self.plan_ids);
        rewrite(&scope, input, exprs)
    }
}

impl super::Resolver<'_> {
    /// `withColumn(name, ... window(...) ...)`: the columns over the input extended with the
    /// window column, which is then dropped again unless a new column replaced it.
    pub(super) fn with_window_columns(
        &self,
        input: LogicalPlan,
        columns: &[(String, Expr)],
    ) -> Result<LogicalPlan> {
        let exprs: Vec<&Expr> = columns.iter().map(|(_, e)| e).collect();
        let n = input.schema().fields().len();
        let (input, rewritten) = self.time_windows(input, &exprs)?;
        let Some(rewritten) = rewritten else {
            return super::columns::with_columns(self.conf, &self.plan_ids, input, columns);
        };
        let named: Vec<(String, Expr)> = columns
            .iter()
            .map(|(name, _)| name.clone())
            .zip(rewritten)
            .collect();
        let plan = super::columns::with_columns(self.conf, &self.plan_ids, input, &named)?;
        if columns
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case(WINDOW_COL))
        {
            return Ok(plan);
        }
        let keep: Vec<DfExpr> = plan
            .schema()
            .columns()
            .into_iter()
            .enumerate()
            .filter(|(i, _)| *i != n)
            .map(|(_, c)| DfExpr::Column(c))
            .collect();
        builder_build(LogicalPlanBuilder::from(plan).project(keep))
    }
}

/// If `exprs` call `window(...)`, the input extended with the window column and the
/// expressions with the call replaced by a reference to it.
pub(crate) fn rewrite(
    scope: &Scope<'_>,
    input: LogicalPlan,
    exprs: &[&Expr],
) -> Result<(LogicalPlan, Option<Vec<Expr>>)> {
    let Some(call) = exprs.iter().find_map(|e| find(e)).cloned() else {
        return Ok((input, None));
    };
    let Expr::Function { args, .. } = &call else {
        return Ok((input, None));
    };
    if args.len() < 2 || args.len() > 4 {
        return Err(sabot_functions::errors::wrong_num_args(
            "window",
            "[2, 3, 4]",
            args.len(),
        ));
    }
    let time = scope.resolve(&args[0])?.expr.unalias();
    let ts_type = scope.data_type(&time)?;
    if !matches!(ts_type, ArrowType::Timestamp(TimeUnit::Microsecond, _)) {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
            "42K09",
            format!(
                "Cannot resolve \"window\" due to data type mismatch: the time column must be a timestamp, not {ts_type}."
            ),
        ));
    }
    let window = literal_duration(args.get(1), 0)?;
    let slide = literal_duration(args.get(2), window)?;
    let start = literal_duration(args.get(3), 0)?;
    if window <= 0 {
        return Err(window_error(format!(
            "The window duration ({window}) must be greater than 0"
        )));
    }
    if slide <= 0 {
        return Err(window_error(format!(
            "The slide duration ({slide}) must be greater than 0"
        )));
    }
    if slide > window {
        return Err(window_error(format!(
            "The slide duration ({slide}) must be less than or equal to the windowDuration ({window})"
        )));
    }
    if start.abs() >= slide {
        return Err(window_error(format!(
            "The absolute value of start time ({start}) must be less than the slideDuration ({slide})"
        )));
    }
    let udf = |index: i64| {
        Arc::new(ScalarUDF::new_from_impl(WindowBounds {
            window,
            slide,
            start,
            index,
            ts_type: ts_type.clone(),
            signature: Signature::any(1, Volatility::Immutable),
        }))
        .call(vec![time.clone()])
    };
    let original: Vec<Expr> = input
        .schema()
        .columns()
        .into_iter()
        .map(|c| {
            // A name is qualified only where it is ambiguous.
            let unique = input
                .schema()
                .fields()
                .iter()
                .filter(|f| f.name() == &c.name)
                .count()
                == 1;
            Expr::Column {
                name: match &c.relation {
                    Some(q) if !unique => vec![q.table().to_string(), c.name.clone()],
                    _ => vec![c.name.clone()],
                },
                plan_id: None,
            }
        })
        .collect();
    let mut cols: Vec<DfExpr> = input
        .schema()
        .columns()
        .into_iter()
        .map(DfExpr::Column)
        .collect();
    let plan = if window == slide {
        let b = LogicalPlanBuilder::from(input).filter(time.clone().is_not_null());
        cols.push(udf(0).alias(WINDOW_COL));
        builder_build(b.and_then(|b| b.project(cols)))?
    } else {
        let n = (window + slide - 1) / slide;
        let windows: Vec<DfExpr> = (0..n).map(udf).collect();
        cols.push(make_array(windows).alias(WINDOW_COL));
        let w = col(WINDOW_COL);
        let inside = time
            .clone()
            .gt_eq(get_field(w.clone(), "start"))
            .and(time.lt(get_field(w, "end")));
        builder_build(
            LogicalPlanBuilder::from(input)
                .project(cols)
                .and_then(|b| b.unnest_column(WINDOW_COL))
                .and_then(|b| b.filter(inside)),
        )?
    };
    // `*` stands for the input's own columns, not the added window column.
    let rewritten = exprs
        .iter()
        .flat_map(|e| match e {
            Expr::Star {
                target: None,
                plan_id: None,
            } => original.clone(),
            e => vec![replace_with_column(e, &call, WINDOW_COL)],
        })
        .collect();
    Ok((plan, Some(rewritten)))
}

// The plan codec rebuilds a window's bounds from its durations and timestamp type.
impl sabot_functions::portable::PortableUdf for WindowBounds {
    const KEY: &'static str = "time_window";

    fn encode(&self, e: &mut sabot_functions::portable::Encoder) -> DfResult<()> {
        e.int(self.window)
            .int(self.slide)
            .int(self.start)
            .int(self.index)
            .data_type(&self.ts_type)?;
        Ok(())
    }

    fn decode(d: &mut sabot_functions::portable::Decoder) -> DfResult<Self> {
        Ok(Self {
            window: d.int()?,
            slide: d.int()?,
            start: d.int()?,
            index: d.int()?,
            ts_type: d.data_type()?,
            signature: Signature::any(1, Volatility::Immutable),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::duration_micros;

    #[test]
    fn interval_strings() {
        assert_eq!(duration_micros("10 minutes").unwrap(), 600_000_000);
        assert_eq!(duration_micros("1 day").unwrap(), 86_400_000_000);
        assert_eq!(duration_micros("interval 1 week").unwrap(), 604_800_000_000);
        assert_eq!(duration_micros("1 hour 30 minutes").unwrap(), 5_400_000_000);
        assert!(duration_micros("1 month").is_err());
        assert!(duration_micros("soon").is_err());
    }
}
