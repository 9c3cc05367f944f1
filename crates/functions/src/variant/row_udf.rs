//! A scalar UDF of one variant argument evaluated row by row, shared by the variant
//! predicates and `schema_of_variant`.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::VariantColumn;
use super::encoding::VariantRef;

/// The per-row function: the row's variant (`None` for NULL) -> the result.
pub(crate) type RowFn = fn(Option<VariantRef<'_>>) -> DfResult<ScalarValue>;

/// Equality and hashing go by name (each name has one row function).
#[derive(Debug)]
pub(crate) struct VariantRowUdf {
    name: &'static str,
    ret: ArrowType,
    f: RowFn,
    signature: Signature,
}

/// `f` over the variant `arg`, returning `ret`.
pub(crate) fn call(name: &'static str, ret: ArrowType, f: RowFn, arg: DfExpr) -> DfExpr {
    crate::utils::udf(VariantRowUdf {
        name,
        ret,
        f,
        signature: Signature::any(1, Volatility::Immutable),
    })
    .call(vec![arg])
}

impl PartialEq for VariantRowUdf {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.ret == other.ret
    }
}

impl Eq for VariantRowUdf {}

impl std::hash::Hash for VariantRowUdf {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state);
        self.ret.hash(state);
    }
}

impl ScalarUDFImpl for VariantRowUdf {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(self.ret.clone())
    }

    /// NULL only for NULL input (`is_variant_null` never).
    fn return_field_from_args(
        &self,
        args: datafusion::logical_expr::ReturnFieldArgs,
    ) -> DfResult<datafusion::arrow::datatypes::FieldRef> {
        let nullable =
            self.name != "spark_is_variant_null" && args.arg_fields.iter().any(|f| f.is_nullable());
        Ok(std::sync::Arc::new(
            datafusion::arrow::datatypes::Field::new(self.name(), self.ret.clone(), nullable),
        ))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let col = VariantColumn::new(&arrays[0])?;
        let values = (0..arrays[0].len())
            .map(|i| (self.f)(col.get(i)))
            .collect::<DfResult<Vec<_>>>()?;
        if values.is_empty() {
            return Ok(ColumnarValue::Array(
                datafusion::arrow::array::new_empty_array(&self.ret),
            ));
        }
        Ok(ColumnarValue::Array(ScalarValue::iter_to_array(values)?))
    }
}

/// Every row function by its UDF name and result type, alphabetical (what the plan codec
/// rebuilds a [`VariantRowUdf`] from).
static ROWS: &[(&str, ArrowType, RowFn)] = &[
    (
        "spark_is_valid_variant",
        ArrowType::Boolean,
        super::is_valid_variant::row,
    ),
    (
        "spark_is_variant_null",
        ArrowType::Boolean,
        super::is_variant_null::row,
    ),
    (
        "spark_schema_of_variant",
        ArrowType::Utf8,
        super::schema_of_variant::row,
    ),
];

// The plan codec rebuilds a row function by name.
impl crate::portable::PortableUdf for VariantRowUdf {
    const KEY: &'static str = "variant_row";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        e.str(self.name);
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let name = d.str()?;
        let (name, ret, f) = ROWS.iter().find(|(n, _, _)| *n == name).ok_or_else(|| {
            datafusion::common::DataFusionError::Internal(format!(
                "unknown variant function {name}"
            ))
        })?;
        Ok(Self {
            name,
            ret: ret.clone(),
            f: *f,
            signature: Signature::any(1, Volatility::Immutable),
        })
    }
}
