"""The only door to models: litellm + instructor behind ``ModelGateway``; nothing else imports them."""

from service.llm.protocol import Generation, ModelGateway

__all__ = ["Generation", "ModelGateway"]
