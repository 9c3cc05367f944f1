//! A scalar UDF over string/integer arguments evaluated row by row, for Spark string
//! functions whose semantics no DataFusion function matches: arguments are cast to `string`
//! or `bigint` as declared, and the row function sees NULLs so it can follow Spark's rules.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BinaryBuilder, BooleanBuilder, Int32Builder, ListBuilder,
    StringBuilder,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Float64Type, Int64Type};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};

/// The type an argument is cast to, or the result type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Str,
    Int,
    /// `double` (arguments only).
    Float,
    /// `array<string>` (results only).
    StrList,
    /// `binary` (results only).
    Binary,
    /// `boolean` (results only).
    Bool,
}

/// One argument value of a row.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Val<'a> {
    Str(&'a str),
    Int(i64),
    Float(f64),
    Null,
}

impl<'a> Val<'a> {
    pub(crate) fn str(self) -> Option<&'a str> {
        match self {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn int(self) -> Option<i64> {
        match self {
            Val::Int(i) => Some(i),
            _ => None,
        }
    }
}

/// One result value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Out {
    Str(String),
    Int(i32),
    List(Vec<String>),
    Bytes(Vec<u8>),
    Bool(bool),
    Null,
}

pub(crate) type RowFn = fn(&[Val<'_>]) -> DfResult<Out>;

#[derive(Debug)]
pub(crate) struct RowUdf {
    name: &'static str,
    kinds: &'static [Kind],
    ret: Kind,
    f: RowFn,
    signature: Signature,
}

// Identity is the (unique) name; function pointers are not compared.
impl PartialEq for RowUdf {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for RowUdf {}

impl Hash for RowUdf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

/// A UDF named `name` (a unique `spark_*` name) over arguments of `kinds`.
pub(crate) fn row_udf(
    name: &'static str,
    kinds: &'static [Kind],
    ret: Kind,
    f: RowFn,
) -> Arc<ScalarUDF> {
    crate::utils::udf(RowUdf {
        name,
        kinds,
        ret,
        f,
        signature: Signature::any(kinds.len(), Volatility::Immutable),
    })
}

fn list_type() -> ArrowType {
    ArrowType::List(Arc::new(Field::new("item", ArrowType::Utf8, true)))
}

fn arrow(k: Kind) -> ArrowType {
    match k {
        Kind::Str | Kind::StrList | Kind::Binary | Kind::Bool => ArrowType::Utf8,
        Kind::Int => ArrowType::Int64,
        Kind::Float => ArrowType::Float64,
    }
}

fn value(a: &ArrayRef, k: Kind, row: usize) -> Val<'_> {
    if a.is_null(row) {
        return Val::Null;
    }
    match k {
        Kind::Str | Kind::StrList | Kind::Binary | Kind::Bool => {
            Val::Str(a.as_string::<i32>().value(row))
        }
        Kind::Int => Val::Int(a.as_primitive::<Int64Type>().value(row)),
        Kind::Float => Val::Float(a.as_primitive::<Float64Type>().value(row)),
    }
}

impl ScalarUDFImpl for RowUdf {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(match self.ret {
            Kind::Str => ArrowType::Utf8,
            Kind::Int | Kind::Float => ArrowType::Int32,
            Kind::StrList => list_type(),
            Kind::Binary => ArrowType::Binary,
            Kind::Bool => ArrowType::Boolean,
        })
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let arrays = arrays
            .iter()
            .zip(self.kinds)
            .map(|(a, k)| cast(a, &arrow(*k)))
            .collect::<Result<Vec<_>, _>>()?;
        let rows = arrays.first().map_or(0, |a| a.len());
        let mut strs = StringBuilder::new();
        let mut ints = Int32Builder::new();
        let mut bytes = BinaryBuilder::new();
        let mut bools = BooleanBuilder::new();
        let mut lists = ListBuilder::new(StringBuilder::new()).with_field(Arc::new(Field::new(
            "item",
            ArrowType::Utf8,
            true,
        )));
        let mut vals = Vec::with_capacity(arrays.len());
        for row in 0..rows {
            vals.clear();
            vals.extend(
                arrays
                    .iter()
                    .zip(self.kinds)
                    .map(|(a, k)| value(a, *k, row)),
            );
            match ((self.f)(&vals)?, self.ret) {
                (Out::Str(s), _) => strs.append_value(s),
                (Out::Int(i), _) => ints.append_value(i),
                (Out::List(l), _) => lists.append_value(l.into_iter().map(Some)),
                (Out::Bytes(b), _) => bytes.append_value(b),
                (Out::Null, Kind::Binary) => bytes.append_null(),
                (Out::Bool(b), _) => bools.append_value(b),
                (Out::Null, Kind::Bool) => bools.append_null(),
                (Out::Null, Kind::Str) => strs.append_null(),
                (Out::Null, Kind::Int | Kind::Float) => ints.append_null(),
                (Out::Null, Kind::StrList) => lists.append_null(),
            }
        }
        let result: ArrayRef = match self.ret {
            Kind::Str => Arc::new(strs.finish()),
            Kind::Int | Kind::Float => Arc::new(ints.finish()),
            Kind::StrList => Arc::new(lists.finish()),
            Kind::Binary => Arc::new(bytes.finish()),
            Kind::Bool => Arc::new(bools.finish()),
        };
        crate::utils::columnar(result, &args.args)
    }
}
