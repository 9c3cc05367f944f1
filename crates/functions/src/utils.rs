//! Helpers shared by the function builders: argument-count checks, Spark's numeric type
//! rules over Arrow types, and a wrapper that gives `datafusion-spark` UDFs unique names.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType as ArrowType, FieldRef};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, cast, lit,
};
use sabot_common::Result;

use crate::errors::wrong_num_args;

/// Checks that a call has between `min` and `max` arguments, with Spark's error otherwise.
pub(crate) fn check_args(name: &str, args: &[DfExpr], min: usize, max: usize) -> Result<()> {
    let n = args.len();
    if n >= min && n <= max {
        return Ok(());
    }
    let expected = if min == max {
        min.to_string()
    } else if max == usize::MAX {
        format!("> {}", min.saturating_sub(1))
    } else {
        format!(
            "[{}]",
            (min..=max)
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Err(wrong_num_args(name, &expected, n))
}

/// Takes exactly `N` arguments out of the vector (after [`check_args`]).
pub(crate) fn take_args<const N: usize>(name: &str, args: Vec<DfExpr>) -> Result<[DfExpr; N]> {
    let n = args.len();
    args.try_into()
        .map_err(|_| wrong_num_args(name, &N.to_string(), n))
}

/// Spark's integral types (`byte`, `short`, `int`, `long`).
pub(crate) fn is_integral(t: &ArrowType) -> bool {
    matches!(
        t,
        ArrowType::Int8 | ArrowType::Int16 | ArrowType::Int32 | ArrowType::Int64
    )
}

pub(crate) fn is_floating(t: &ArrowType) -> bool {
    matches!(t, ArrowType::Float32 | ArrowType::Float64)
}

pub(crate) fn is_decimal(t: &ArrowType) -> bool {
    matches!(t, ArrowType::Decimal128(_, _))
}

/// Spark's `NumericType`: integral, floating or decimal.
pub(crate) fn is_numeric(t: &ArrowType) -> bool {
    is_integral(t) || is_floating(t) || is_decimal(t)
}

/// Spark's type check of STRING parameters that take no implicit cast (`mask`, `str_to_map`,
/// `parse_url` declare `StringType` without `ImplicitCastInputTypes`): every argument must be a
/// string or NULL, else `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE`.
pub(crate) fn require_strings(
    name: &str,
    args: &[DfExpr],
    ctx: &crate::FunctionContext<'_>,
) -> Result<()> {
    const ORDINALS: [&str; 5] = ["first", "second", "third", "fourth", "fifth"];
    for (i, a) in args.iter().enumerate() {
        let t = ctx.arg_type(a)?;
        if !(is_string(&t) || t == ArrowType::Null) {
            let ordinal = ORDINALS.get(i).copied().unwrap_or("next");
            return Err(crate::errors::unexpected_input_type(
                name,
                format!(
                    "The {ordinal} parameter requires the \"STRING\" type, however \"{a}\" has the type \"{}\"",
                    crate::json::to_json::type_sql(&t)
                ),
            ));
        }
    }
    Ok(())
}

pub(crate) fn is_binary(t: &ArrowType) -> bool {
    matches!(
        t,
        ArrowType::Binary | ArrowType::LargeBinary | ArrowType::BinaryView
    )
}

pub(crate) fn is_string(t: &ArrowType) -> bool {
    matches!(
        t,
        ArrowType::Utf8 | ArrowType::LargeUtf8 | ArrowType::Utf8View
    )
}

fn integral_rank(t: &ArrowType) -> u8 {
    match t {
        ArrowType::Int8 => 1,
        ArrowType::Int16 => 2,
        ArrowType::Int32 => 3,
        ArrowType::Int64 => 4,
        _ => 0,
    }
}

/// The wider of two integral types (Spark's numeric precedence).
pub(crate) fn wider_integral(a: &ArrowType, b: &ArrowType) -> ArrowType {
    if integral_rank(a) >= integral_rank(b) {
        a.clone()
    } else {
        b.clone()
    }
}

/// The decimal that holds every value of an integral type (Spark's `DecimalType.forType`).
pub(crate) fn decimal_for_integral(t: &ArrowType) -> Option<(u8, i8)> {
    match t {
        ArrowType::Int8 => Some((3, 0)),
        ArrowType::Int16 => Some((5, 0)),
        ArrowType::Int32 => Some((10, 0)),
        ArrowType::Int64 => Some((20, 0)),
        ArrowType::Decimal128(p, s) => Some((*p, *s)),
        _ => None,
    }
}

/// Casts `e` to `to` unless it already has that type.
pub(crate) fn cast_to(e: DfExpr, from: &ArrowType, to: &ArrowType) -> DfExpr {
    if from == to { e } else { cast(e, to.clone()) }
}

/// A typed NULL literal.
pub(crate) fn null_of(t: &ArrowType) -> DfExpr {
    match datafusion::common::ScalarValue::try_from(t) {
        Ok(v) => lit(v),
        Err(_) => cast(lit(datafusion::common::ScalarValue::Null), t.clone()),
    }
}

/// A `datafusion-spark` (or DataFusion) scalar UDF under a unique `spark_*` name, so that a
/// session can hold it next to DataFusion's function of the same name and a plan codec can
/// find it by name. Everything else is delegated, except with [`Renamed::strict`] the result's
/// nullability.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct Renamed {
    name: &'static str,
    inner: Arc<ScalarUDF>,
    /// The result is nullable only when an argument is (Spark's default for
    /// `UnaryExpression`/`BinaryExpression`, e.g. `ATAN2`, `HYPOT`, `hex`), whatever the inner
    /// implementation declares.
    strict: bool,
}

impl Renamed {
    pub(crate) fn udf(name: &'static str, inner: Arc<ScalarUDF>) -> Arc<ScalarUDF> {
        Arc::new(ScalarUDF::new_from_impl(Self {
            name,
            inner,
            strict: false,
        }))
    }

    /// Like [`Renamed::udf`], with Spark's null-in-null-out nullability.
    pub(crate) fn strict(name: &'static str, inner: Arc<ScalarUDF>) -> Arc<ScalarUDF> {
        Arc::new(ScalarUDF::new_from_impl(Self {
            name,
            inner,
            strict: true,
        }))
    }
}

impl ScalarUDFImpl for Renamed {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        self.inner.signature()
    }

    fn return_type(&self, arg_types: &[ArrowType]) -> DfResult<ArrowType> {
        self.inner.return_type(arg_types)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> DfResult<FieldRef> {
        if !self.strict {
            return self.inner.return_field_from_args(args);
        }
        let nullable = args.arg_fields.iter().any(|f| f.is_nullable());
        let inner = self.inner.return_field_from_args(args)?;
        Ok(Arc::new(datafusion::arrow::datatypes::Field::new(
            self.name,
            inner.data_type().clone(),
            nullable,
        )))
    }

    fn coerce_types(&self, arg_types: &[ArrowType]) -> DfResult<Vec<ArrowType>> {
        self.inner.coerce_types(arg_types)
    }

    fn is_strict(&self) -> bool {
        self.inner.is_strict()
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        self.inner.invoke_with_args(args)
    }
}

/// A UDF's result: a scalar when every argument was a scalar (so constant calls stay
/// constant), else the array.
pub(crate) fn columnar(
    result: datafusion::arrow::array::ArrayRef,
    args: &[ColumnarValue],
) -> DfResult<ColumnarValue> {
    if args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_))) {
        Ok(ColumnarValue::Scalar(
            datafusion::common::ScalarValue::try_from_array(&result, 0)?,
        ))
    } else {
        Ok(ColumnarValue::Array(result))
    }
}

/// Shorthand: a `ScalarUDF` from an implementation.
pub(crate) fn udf(imp: impl ScalarUDFImpl + 'static) -> Arc<ScalarUDF> {
    Arc::new(ScalarUDF::new_from_impl(imp))
}

/// The value of a constant (column-free, deterministic) expression, evaluated once; `None` if
/// `e` is not constant. Spark's "foldable" arguments (seeds, lengths, formats) are read here.
pub(crate) fn constant_value(e: &DfExpr) -> Option<datafusion::common::ScalarValue> {
    use datafusion::arrow::array::{RecordBatch, RecordBatchOptions};
    use datafusion::arrow::datatypes::Schema;
    use datafusion::common::DFSchema;
    use datafusion::execution::context::ExecutionProps;
    use datafusion::physical_expr::create_physical_expr;

    if !e.column_refs().is_empty() || e.is_volatile() {
        return None;
    }
    let physical = create_physical_expr(
        e,
        &DFSchema::empty(),
        &ExecutionProps::new(),
        &datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext::default(),
    )
    .ok()?;
    let batch = RecordBatch::try_new_with_options(
        Arc::new(Schema::empty()),
        vec![],
        &RecordBatchOptions::new().with_row_count(Some(1)),
    )
    .ok()?;
    match physical.evaluate(&batch).ok()? {
        ColumnarValue::Scalar(v) => Some(v),
        ColumnarValue::Array(a) => datafusion::common::ScalarValue::try_from_array(&a, 0).ok(),
    }
}
