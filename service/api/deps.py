"""FastAPI dependencies: the gateway and settings the app factory put on ``app.state``."""

from fastapi import Request

from service.llm.protocol import ModelGateway
from service.settings import Settings


def get_gateway(request: Request) -> ModelGateway:
    gateway: ModelGateway = request.app.state.gateway
    return gateway


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings
