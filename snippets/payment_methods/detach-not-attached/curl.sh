curl -X POST https://api.vinr.com/v1/payment_methods/pm_9bR3/detach \
  -H "X-Api-Key: $VINR_SECRET_KEY"
