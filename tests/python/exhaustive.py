"""Exhaustiveness (Python 3.10+): pyright's reportMatchNotExhaustive accepts
``handled`` and reports ``missing``, which forgets one class
(tests/generate_python.rs)."""

from __future__ import annotations

from pipelines import (
    AnyPipelinesError,
    PipelineConnectionReset,
    PipelineLoginFailed,
    PipelineNonAsciiInComponent,
    PipelineNotFound,
    PipelineParamTooLong,
    PipelineQuotaRequiresResources,
    PipelineUnauthorizedNamespace,
    PipelineUnknownInputParam,
    PipelineWhenExpressionQuoting,
    UnknownPipelinesError,
)


def handled(error: AnyPipelinesError) -> str:
    match error:
        case PipelineUnknownInputParam(name=name):
            return name
        case PipelineNonAsciiInComponent() | PipelineConnectionReset():
            return "retry"
        case PipelineUnauthorizedNamespace() | PipelineNotFound() | PipelineParamTooLong():
            return "fix"
        case PipelineLoginFailed() | PipelineQuotaRequiresResources():
            return "ask"
        case PipelineWhenExpressionQuoting():
            return "quote"
        case UnknownPipelinesError():
            return "unknown"


def missing(error: AnyPipelinesError) -> str:
    match error:
        case PipelineUnknownInputParam(name=name):
            return name
        case PipelineNonAsciiInComponent() | PipelineConnectionReset():
            return "retry"
        case PipelineUnauthorizedNamespace() | PipelineNotFound() | PipelineParamTooLong():
            return "fix"
        case PipelineLoginFailed():
            return "ask"
        case PipelineWhenExpressionQuoting():
            return "quote"
        case UnknownPipelinesError():
            return "unknown"
