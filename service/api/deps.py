"""FastAPI dependencies: the gateway and settings the app factory put on ``app.state``.

``async`` on purpose: FastAPI runs a plain ``def`` dependency in a worker thread, a hop that cost more than a
whole cache hit."""

from fastapi import Request

from service.llm.protocol import ModelGateway
from service.settings import Settings


async def get_gateway(request: Request) -> ModelGateway:
    gateway: ModelGateway = request.app.state.gateway
    return gateway


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings
