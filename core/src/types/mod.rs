//! The domain's vocabulary: ids, money, enums and one record per table.

pub(crate) mod codec;
mod enums;
mod ids;
mod money;
mod records;
mod social;

#[doc(hidden)]
pub use codec::{Num, OptNum, TextList};
pub use enums::*;
pub use ids::*;
pub use money::{Currency, MAX_AMOUNT, Money, check_amount};
pub use records::*;
pub use social::{Cursor, FavoriteTutor};
