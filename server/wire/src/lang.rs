//! The languages Onthaal speaks to visitors: kiosk, ticket, status page, display and booking page.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The languages the kiosk, the ticket and the status page speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Nl,
    Fr,
    En,
    Uk,
    Ar,
    Tr,
}

impl Lang {
    pub const ALL: [Lang; 6] = [Lang::Nl, Lang::Fr, Lang::En, Lang::Uk, Lang::Ar, Lang::Tr];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::Uk => "uk",
            Lang::Ar => "ar",
            Lang::Tr => "tr",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }
}
