//! Typed identifiers: a service id cannot be passed where a block id is meant.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::fmt;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema, Default)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }
        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

typed_id!(
    /// Id of an entity (ministry, agency) in `entities`.
    EntityId
);
typed_id!(
    /// Id of a building block in `building_blocks`.
    BlockId
);
typed_id!(
    /// Id of a system in the systems catalogue.
    SystemId
);
typed_id!(
    /// Id of a generic workflow.
    WorkflowId
);
typed_id!(
    /// Id of a public service.
    ServiceId
);
typed_id!(
    /// Id of a life event.
    LifeEventId
);
typed_id!(
    /// Id of a policy of the regulatory framework.
    PolicyId
);
