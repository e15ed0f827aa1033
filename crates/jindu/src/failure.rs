//! How a command fails: one line for the operator and an exit code
//! (1 unless a command documents another).

use std::fmt;

use jindu_store::StoreError;
use jindu_store::service::ServiceError;

#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

pub type CliResult<T> = Result<T, Failure>;

impl Failure {
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: 1,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One line, whatever the underlying error printed.
        let one_line: Vec<&str> = self
            .message
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        f.write_str(&one_line.join("; "))
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::new(e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::new(e.to_string())
    }
}

impl From<ServiceError> for Failure {
    fn from(e: ServiceError) -> Self {
        Failure::new(describe_service_error(&e))
    }
}

/// Operator-readable text for the service layer's stable codes.
fn describe_service_error(e: &ServiceError) -> String {
    match e {
        ServiceError::Invalid { field, code } => match code.as_str() {
            "user.username" => format!(
                "invalid {field}: use 3–32 characters a–z, 0–9, '_', '.', '-', starting with a letter"
            ),
            "user.username_taken" => "that username is already taken".into(),
            "user.display_name" => "invalid display name: 1–64 characters".into(),
            "org.unknown" => "unknown org unit".into(),
            _ => format!("invalid {field}: {code}"),
        },
        ServiceError::Fields(list) => {
            let parts: Vec<String> = list.iter().map(|(f, c)| format!("{f}: {c}")).collect();
            format!("invalid input: {}", parts.join(", "))
        }
        ServiceError::Internal(inner) => inner.to_string(),
        other => other.to_string(),
    }
}

/// Adds what was being done to an error's message.
pub trait Context<T> {
    fn context(self, what: impl FnOnce() -> String) -> CliResult<T>;
}

impl<T, E: Into<Failure>> Context<T> for Result<T, E> {
    fn context(self, what: impl FnOnce() -> String) -> CliResult<T> {
        self.map_err(|e| {
            let f: Failure = e.into();
            Failure {
                message: format!("{}: {}", what(), f.message),
                code: f.code,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_line() {
        let f = Failure::new("first\n  second\n\n");
        assert_eq!(f.to_string(), "first; second");
    }

    #[test]
    fn service_codes_are_explained() {
        let f: Failure = ServiceError::invalid("username", "user.username_taken").into();
        assert_eq!(f.to_string(), "that username is already taken");
        let r: Result<(), ServiceError> = Err(ServiceError::NotFound);
        let f = r.context(|| "reading".into()).err();
        assert_eq!(
            f.map(|f| f.to_string()).as_deref(),
            Some("reading: not found")
        );
    }
}
