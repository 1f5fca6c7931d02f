curl https://api.vinr.com/v1/payment_methods/pm_9bR3 \
  -H "X-Api-Key: $VINR_SECRET_KEY"
