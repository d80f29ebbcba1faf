"""The audit workflow: the report, draft recommendations, management responses, follow-up, baseline, fail-on policy, rule selection and figures worded as an audit report words them."""
