"""Staff accounts and the audit trail in the admin: sign-in audit, two-factor authentication,
session limits, the 审计日志 listing."""
